import { formatPath } from "../engine/locate";
import { refString } from "../engine/resources";
import type { Finding, Report, Severity, WaiverTarget } from "../engine/types";

export { formatPath, refString };

/** Severities from the most to the least severe. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Whether `severity` is `threshold` or more severe. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** What makes a run fail: findings at this severity or above (default error). */
export interface RenderOptions {
  color?: boolean;
  failOn?: "error" | "warning";
}

export function failed(report: Report, failOn: RenderOptions["failOn"] = "error"): boolean {
  return report.summary.error > 0 || (failOn === "warning" && report.summary.warning > 0);
}

export function location(f: Finding): string {
  return f.line !== undefined ? `${f.file}:${f.line}:${f.column ?? 1}` : f.file;
}

export function describeTarget(target: WaiverTarget): string {
  const parts = (["environment", "namespace", "kind", "name"] as const).filter((k) => target[k] !== undefined).map((k) => `${k}=${target[k]}`);
  return parts.join(" ");
}

export function summaryLine(report: Report): string {
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(s.error, "error")}, ${plural(s.warning, "warning")}, ${s.info} info in ${plural(report.resources, "resource")} (${plural(report.policies.length, "policy").replace("policys", "policies")}, ${report.waived.length} waived, ${report.unvalidated.length} unvalidated)`;
}

/** Findings grouped by file and document, in report order. */
export function groupByResource(findings: Finding[]): Array<{ key: string; file: string; resource: string; findings: Finding[] }> {
  const groups = new Map<string, { key: string; file: string; resource: string; findings: Finding[] }>();
  for (const f of findings) {
    const key = `${f.file}\0${f.index}\0${refString(f.resource)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, file: f.file, resource: refString(f.resource), findings: [] }));
    group.findings.push(f);
  }
  return [...groups.values()];
}
