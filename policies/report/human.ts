import type { Report, Severity } from "../engine/types";
import { describeTarget, formatPath, groupByResource, summaryLine } from "./common";

const COLOURS: Record<Severity | "dim" | "bold", [string, string]> = {
  error: ["\x1b[31m", "\x1b[39m"],
  warning: ["\x1b[33m", "\x1b[39m"],
  info: ["\x1b[36m", "\x1b[39m"],
  dim: ["\x1b[2m", "\x1b[22m"],
  bold: ["\x1b[1m", "\x1b[22m"],
};

/** Text for a terminal: findings grouped by resource, then waivers, unvalidated objects and a summary. */
export function renderHuman(report: Report, color: boolean): string {
  const paint = (style: keyof typeof COLOURS, text: string) => (color ? COLOURS[style][0] + text + COLOURS[style][1] : text);
  const lines: string[] = [];
  for (const group of groupByResource(report.findings)) {
    lines.push(`${paint("bold", group.resource)}  ${paint("dim", group.file)}`);
    for (const f of group.findings) {
      const where = f.line !== undefined ? `${f.line}:${f.column ?? 1}` : "-";
      lines.push(`  ${where.padEnd(8)} ${paint(f.severity, f.severity.padEnd(7))} ${f.message}  ${paint("dim", `[${f.policy}] ${formatPath(f.path)}`)}`);
    }
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
  const verdict = report.summary.error > 0 ? paint("error", "FAIL") : paint("bold", "PASS");
  lines.push(`${verdict} ${summaryLine(report)}`);
  return lines.join("\n") + "\n";
}
