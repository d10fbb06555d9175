import type { Finding, PolicyInfo, Report, Severity } from "../engine/types";
import { describeTarget, failed, formatPath, groupByResource, location, summaryLine, type RenderOptions } from "./common";

const COLOURS: Record<Severity | "dim" | "bold", [string, string]> = {
  error: ["\x1b[31m", "\x1b[39m"],
  warning: ["\x1b[33m", "\x1b[39m"],
  info: ["\x1b[36m", "\x1b[39m"],
  dim: ["\x1b[2m", "\x1b[22m"],
  bold: ["\x1b[1m", "\x1b[22m"],
};

export type Paint = (style: keyof typeof COLOURS, text: string) => string;

export function painter(color: boolean): Paint {
  return (style, text) => (color ? COLOURS[style][0] + text + COLOURS[style][1] : text);
}

/**
 * One finding as terminals and editors link it: `path:line:col`, severity,
 * message, policy and field, then what to do about it.
 */
export function findingLines(f: Finding, policies: Map<string, PolicyInfo>, paint: Paint): string[] {
  const lines = [`  ${location(f)}  ${paint(f.severity, f.severity.padEnd(7))} ${f.message}  ${paint("dim", `[${f.policy}] ${formatPath(f.path)}`)}`];
  const remediation = policies.get(f.policy)?.remediation.trim();
  if (remediation) lines.push(paint("dim", `      fix: ${remediation.replace(/\s*\n\s*/g, " ")}`));
  return lines;
}

/** Text for a terminal: findings grouped by resource, then waivers, unvalidated objects and a summary. */
export function renderHuman(report: Report, opts: RenderOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const policies = new Map(report.policies.map((p) => [p.id, p]));
  const lines: string[] = [];
  for (const group of groupByResource(report.findings)) {
    lines.push(`${paint("bold", group.resource)}  ${paint("dim", group.file)}`);
    for (const f of group.findings) lines.push(...findingLines(f, policies, paint));
    lines.push("");
  }
  if (report.waivers.length > 0) {
    lines.push(paint("bold", "Waivers used"));
    for (const w of report.waivers) {
      const who = w.source === "waiver" ? `owner ${w.owner}, expires ${w.expires}` : "annotation exemption";
      lines.push(`  ${w.policy}  ${describeTarget(w.target)}  (${w.findings} finding${w.findings === 1 ? "" : "s"}; ${who}) ${w.reason}`);
    }
    lines.push("");
  }
  if (report.unvalidated.length > 0) {
    const kinds = [...new Set(report.unvalidated.map((r) => `${r.apiVersion} ${r.kind}`))].sort();
    lines.push(`${paint("bold", "Not schema-validated")} (no schema known): ${kinds.join(", ")}`, "");
  }
  lines.push(verdictLine(report, opts));
  return lines.join("\n") + "\n";
}

export function verdictLine(report: Report, opts: RenderOptions): string {
  const paint = painter(opts.color ?? false);
  const verdict = failed(report, opts.failOn) ? paint("error", "FAIL") : paint("bold", "PASS");
  return `${verdict} ${summaryLine(report)}`;
}
