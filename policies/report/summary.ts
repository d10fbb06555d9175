import type { Report, Severity } from "../engine/types";
import { atLeast, SEVERITIES, type RenderOptions } from "./common";
import { findingLines, painter, verdictLine } from "./human";

/** How many policies the summary names beside the findings that fail the run. */
const TOP_POLICIES = 5;

/**
 * The short report synth prints by default: every finding that fails the run
 * in full, the policies with the most other findings (counts and title), and
 * the verdict with the totals.
 */
export function renderSummary(report: Report, opts: RenderOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const failOn: Severity = opts.failOn ?? "error";
  const policies = new Map(report.policies.map((p) => [p.id, p]));
  const lines: string[] = [];
  const failing = report.findings.filter((f) => atLeast(f.severity, failOn));
  for (const f of failing) lines.push(...findingLines(f, policies, paint));
  const others = new Map<string, { severity: Severity; count: number }>();
  for (const f of report.findings) {
    if (atLeast(f.severity, failOn)) continue;
    const entry = others.get(f.policy) ?? others.set(f.policy, { severity: f.severity, count: 0 }).get(f.policy)!;
    entry.count++;
  }
  const top = [...others].sort(([a, x], [b, y]) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || y.count - x.count || a.localeCompare(b));
  if (top.length > 0) {
    if (failing.length > 0) lines.push("");
    lines.push(paint("bold", "Top findings"));
    const width = Math.max(...top.slice(0, TOP_POLICIES).map(([id]) => id.length));
    for (const [id, { severity, count }] of top.slice(0, TOP_POLICIES)) {
      lines.push(`  ${paint(severity, severity.padEnd(7))} ${id.padEnd(width)}  ${String(count).padStart(3)} × ${policies.get(id)?.title ?? id}`);
    }
    if (top.length > TOP_POLICIES) lines.push(paint("dim", `  ... and ${top.length - TOP_POLICIES} more ${top.length - TOP_POLICIES === 1 ? "policy" : "policies"}`));
  }
  lines.push(verdictLine(report, opts));
  if (report.findings.length > failing.length) lines.push(paint("dim", "(every finding with its file, line and fix: --report)"));
  return lines.join("\n") + "\n";
}
