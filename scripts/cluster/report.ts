import type { CheckReport } from "./check";
import type { DiffReport } from "./diff";
import type { Finding } from "./findings";

export type ReportFormat = "human" | "json" | "markdown";
export const REPORT_FORMATS: readonly ReportFormat[] = ["human", "json", "markdown"];

export function renderCheck(report: CheckReport, format: ReportFormat): string {
  if (format === "json") return JSON.stringify(report, null, 2) + "\n";
  return format === "markdown" ? checkMarkdown(report) : checkHuman(report);
}

export function renderDiff(report: DiffReport, format: ReportFormat): string {
  if (format === "json") return JSON.stringify(report, null, 2) + "\n";
  return format === "markdown" ? diffMarkdown(report) : diffHuman(report);
}

function summaryLine(r: CheckReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(r.summary.error, "error")}, ${plural(r.summary.warning, "warning")}, ${r.summary.info} info in ${plural(r.objects, "object")}`;
}

const POOL_COLUMNS = ["pool", "services", "nodes", "allocatable", "requested", "free", "needed", "shortfall"] as const;

/** Findings grouped by object, in report order (the layout `validate` prints). */
function groupByObject(findings: readonly Finding[]): Array<{ object: string; file?: string; findings: Finding[] }> {
  const groups = new Map<string, { object: string; file?: string; findings: Finding[] }>();
  for (const f of findings) {
    const key = `${f.object}\0${f.file ?? ""}`;
    const group = groups.get(key) ?? groups.set(key, { object: f.object, file: f.file, findings: [] }).get(key)!;
    group.findings.push(f);
  }
  return [...groups.values()];
}

function checkHuman(r: CheckReport): string {
  const lines = [`cluster check: environment ${r.environment}, context ${r.context}`, ""];
  for (const group of groupByObject(r.findings)) {
    lines.push(group.file ? `${group.object}  ${group.file}` : group.object);
    for (const f of group.findings) lines.push(`  ${f.severity.padEnd(7)} ${f.message}  [${f.check}]`, `          fix: ${f.remedy}`);
    lines.push("");
  }
  if (r.gpuPools.length > 0) {
    const rows = [POOL_COLUMNS.map(String), ...r.gpuPools.map((p) => POOL_COLUMNS.map((c) => String(p[c])))];
    const widths = POOL_COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    lines.push("GPU pools (nvidia.com/gpu at minimum replicas):");
    for (const row of rows) lines.push("  " + row.map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!))).join("  "));
    lines.push("");
  }
  lines.push(`${r.summary.error > 0 ? "FAIL" : "PASS"} ${summaryLine(r)}`);
  return lines.join("\n") + "\n";
}

/** Table cells: pipes and newlines would break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

const ICON = { error: "🔴 error", warning: "🟡 warning", info: "🔵 info" } as const;

function checkMarkdown(r: CheckReport): string {
  const verdict = r.summary.error > 0 ? "❌ **cluster check failed**" : "✅ **cluster check passed**";
  const lines = [`### Cluster check: \`${r.environment}\` on context \`${r.context}\``, "", `${verdict}: ${summaryLine(r)}`];
  if (r.findings.length > 0) {
    lines.push("", "| Severity | Check | Resource | Location | Finding | What to do |", "|---|---|---|---|---|---|");
    const rows = r.findings.map((f) => `| ${ICON[f.severity]} | \`${f.check}\` | ${cell(f.object)} | ${f.file ? `\`${cell(f.file)}\`` : "-"} | ${cell(f.message)} | ${cell(f.remedy)} |`);
    lines.push(...capped(rows, (more) => `| | | | | …and ${more} more findings (see \`--format json\`) | |`));
  }
  if (r.gpuPools.length > 0) {
    lines.push("", "#### GPU pools (`nvidia.com/gpu` at minimum replicas)", "", `| ${POOL_COLUMNS.join(" | ")} |`, `|${POOL_COLUMNS.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
    for (const p of r.gpuPools) lines.push(`| ${POOL_COLUMNS.map((c) => cell(String(p[c]))).join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

/** A pull request body holds at most 65,536 characters: long sections are cut, saying how much was left out. */
const MARKDOWN_MAX_LINES = 200;

function capped(lines: string[], more: (count: number) => string): string[] {
  return lines.length <= MARKDOWN_MAX_LINES ? lines : [...lines.slice(0, MARKDOWN_MAX_LINES), more(lines.length - MARKDOWN_MAX_LINES)];
}

function value(v: unknown): string {
  if (v === undefined) return "(absent)";
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function diffSummary(r: DiffReport): string {
  return `${r.objects} generated objects: ${r.unchanged} unchanged, ${r.changed.length} changed, ${r.notLive.length} not live, ${r.prune.length} to prune`;
}

function diffLines(r: DiffReport): string[] {
  const lines: string[] = [];
  for (const c of r.changed) {
    lines.push(`~ ${c.object} (${c.file})`);
    for (const ch of c.changes) lines.push(`    ${ch.path}: ${value(ch.live)} -> ${value(ch.generated)}`);
  }
  for (const n of r.notLive) lines.push(`+ ${n.object} (${n.file}): ${n.reason}`);
  for (const p of r.prune) lines.push(`- ${p.object}: live and managed by gitops-forge, no longer generated (Argo CD would prune it)`);
  return lines;
}

function diffHuman(r: DiffReport): string {
  return [`cluster diff: environment ${r.environment}, context ${r.context} (changed fields read live -> generated)`, diffSummary(r), ...diffLines(r)].join("\n") + "\n";
}

function diffMarkdown(r: DiffReport): string {
  const lines = [`### Cluster diff: \`${r.environment}\` on context \`${r.context}\``, "", `${diffSummary(r)}. Changed fields read live -> generated.`];
  const body = capped(diffLines(r), (more) => `  …and ${more} more lines (see --format json)`);
  if (body.length > 0) lines.push("", "```diff", ...body.map((l) => l.replace(/```/g, "'''")), "```");
  return lines.join("\n") + "\n";
}
