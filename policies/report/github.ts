import type { Report, Severity } from "../engine/types";
import { describeTarget, formatPath, refString, summaryLine } from "./common";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Workflow-command data escaping (GitHub Actions toolkit rules). */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub Actions workflow commands: one annotation per finding, notices for waivers used. */
export function renderGithub(report: Report): string {
  const lines = report.findings.map((f) => {
    const props = [`file=${escapeProperty(f.file)}`];
    if (f.line !== undefined) props.push(`line=${f.line}`, `col=${f.column ?? 1}`);
    props.push(`title=${escapeProperty(`${f.policy} (${refString(f.resource)})`)}`);
    return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(`${f.message} [${formatPath(f.path)}]`)}`;
  });
  for (const w of report.waivers) {
    const props = [`file=${escapeProperty(w.file)}`, ...(w.line !== undefined ? [`line=${w.line}`] : []), `title=${escapeProperty(`waiver used: ${w.policy}`)}`];
    const who = w.source === "waiver" ? `owner ${w.owner}, expires ${w.expires}` : "annotation exemption";
    lines.push(`::notice ${props.join(",")}::${escapeData(`${describeTarget(w.target)}: ${w.findings} finding(s) waived (${who}): ${w.reason}`)}`);
  }
  lines.push(summaryLine(report));
  return lines.join("\n") + "\n";
}
