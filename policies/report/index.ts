import type { Report } from "../engine/types";
import type { RenderOptions } from "./common";
import { renderGithub } from "./github";
import { renderHuman } from "./human";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";

export const REPORT_FORMATS = ["human", "json", "sarif", "junit", "github", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export { failed, SEVERITIES, type RenderOptions } from "./common";
export { failuresOnly, withMinSeverity } from "./filter";
export { renderSummary } from "./summary";

export function renderReport(report: Report, format: ReportFormat, opts: RenderOptions = {}): string {
  switch (format) {
    case "human":
      return renderHuman(report, opts);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
    case "junit":
      return renderJunit(report, opts);
    case "github":
      return renderGithub(report);
    case "markdown":
      return renderMarkdown(report);
  }
}
