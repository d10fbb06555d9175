import type { Report } from "../engine/types";
import { describeTarget, formatPath, location, refString, summaryLine } from "./common";

/** Table cells: pipes and newlines would break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

const ICON = { error: "🔴 error", warning: "🟡 warning", info: "🔵 info" } as const;

/** Markdown for PR bodies and job summaries. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const verdict = report.summary.error > 0 ? "❌ **validate failed**" : "✅ **validate passed**";
  out.push(`### Policy validation`, "", `${verdict}: ${summaryLine(report)}`, "");
  if (report.findings.length > 0) {
    out.push("| Severity | Policy | Resource | Location | Finding |", "|---|---|---|---|---|");
    for (const f of report.findings) {
      out.push(`| ${ICON[f.severity]} | \`${f.policy}\` | ${cell(refString(f.resource))} | \`${cell(location(f))}\` | ${cell(f.message)} (\`${cell(formatPath(f.path))}\`) |`);
    }
    out.push("");
  }
  if (report.waivers.length > 0) {
    out.push("#### Waivers used", "", "| Policy | Target | Findings | Owner | Expires | Reason |", "|---|---|---|---|---|---|");
    for (const w of report.waivers) {
      out.push(`| \`${w.policy}\` | ${cell(describeTarget(w.target))} | ${w.findings} | ${cell(w.owner ?? "annotation")} | ${w.expires ?? "-"} | ${cell(w.reason)} |`);
    }
    out.push("");
  }
  if (report.unvalidated.length > 0) {
    const kinds = [...new Set(report.unvalidated.map((r) => `\`${r.apiVersion} ${r.kind}\``))].sort();
    out.push(`Not schema-validated (no schema known): ${kinds.join(", ")}`, "");
  }
  return out.join("\n");
}
