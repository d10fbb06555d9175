/** The in-process API `synth` and `pr` call; the `validate` command is a thin CLI over it. */
import type { Report } from "./types";
import { failed } from "../report";

export { validateManifests, policiesOf, type ValidateOptions } from "./run";
export { failed, failuresOnly, renderReport, renderSummary, REPORT_FORMATS, SEVERITIES, withMinSeverity, type RenderOptions, type ReportFormat } from "../report";
export { parseManifests, readManifestFile, readStandardInput, collectFiles, loadManifests } from "./input";
export type { ManifestInput, Report, Finding, Policy, Severity, WaiverUse } from "./types";

/** 1 when the run fails: error findings, or warnings too with `failOn: "warning"`. */
export function exitCodeFor(report: Report, failOn: "error" | "warning" = "error"): 0 | 1 {
  return failed(report, failOn) ? 1 : 0;
}
