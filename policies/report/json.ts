import type { Finding, Report } from "../engine/types";
import { formatPath } from "./common";

function plain(f: Finding) {
  return { ...f, path: formatPath(f.path), pathSegments: f.path };
}

/** The report as JSON for tools: stable key order, paths both formatted and as segments. */
export function renderJson(report: Report): string {
  const out = {
    summary: report.summary,
    resources: report.resources,
    findings: report.findings.map(plain),
    waived: report.waived.map(plain),
    waivers: report.waivers,
    unvalidated: report.unvalidated,
    policies: report.policies,
  };
  return JSON.stringify(out, null, 2) + "\n";
}
