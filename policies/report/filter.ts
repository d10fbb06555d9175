import type { Report, Severity } from "../engine/types";
import { atLeast } from "./common";

/**
 * The report with only the findings at `min` or above (--min-severity).
 * The summary keeps the whole run's counts, so a hidden warning still shows
 * in the totals and still fails a `--fail-on warning` run.
 */
export function withMinSeverity(report: Report, min: Severity): Report {
  if (min === "info") return report;
  return { ...report, findings: report.findings.filter((f) => atLeast(f.severity, min)) };
}

/** The report with only what fails the run (--quiet): the findings at `failOn` or above, no waivers. */
export function failuresOnly(report: Report, failOn: "error" | "warning"): Report {
  return { ...withMinSeverity(report, failOn), waivers: [], unvalidated: [] };
}
