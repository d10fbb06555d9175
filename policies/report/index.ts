import type { Report } from "../engine/types";
import { renderGithub } from "./github";
import { renderHuman } from "./human";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";

export const REPORT_FORMATS = ["human", "json", "sarif", "junit", "github", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: Report, format: ReportFormat, opts: { color?: boolean } = {}): string {
  switch (format) {
    case "human":
      return renderHuman(report, opts.color ?? false);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
    case "junit":
      return renderJunit(report);
    case "github":
      return renderGithub(report);
    case "markdown":
      return renderMarkdown(report);
  }
}
