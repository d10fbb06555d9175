/** The in-process API `synth` and `pr` call; the `validate` command is a thin CLI over it. */
import type { Report } from "./types";

export { validateManifests, openValidation, policiesOf, type ValidateOptions, type ValidationSession, type Pause } from "./run";
export { renderReport, REPORT_FORMATS, type ReportFormat } from "../report";
export { parseManifests, readManifestFile, collectFiles, loadManifests, heldManifest } from "./input";
export type { ManifestInput, Report, Finding, Policy, Severity, WaiverUse } from "./types";

export function exitCodeFor(report: Report): 0 | 1 {
  return report.summary.error > 0 ? 1 : 0;
}
