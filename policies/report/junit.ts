import type { Finding, Report } from "../engine/types";
import { formatPath, location, refString, type RenderOptions } from "./common";

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

/**
 * JUnit XML: one testsuite per policy run; each finding is a testcase named
 * after its resource. Errors fail; warnings pass with the finding as output,
 * unless the run fails on warnings (`failOn: "warning"`); info and waived
 * findings are skipped; a policy without findings has one passing testcase.
 */
export function renderJunit(report: Report, opts: RenderOptions = {}): string {
  const failsOn = (f: Finding) => f.severity === "error" || (f.severity === "warning" && opts.failOn === "warning");
  const byPolicy = new Map<string, { findings: Finding[]; waived: Finding[] }>();
  for (const p of report.policies) byPolicy.set(p.id, { findings: [], waived: [] });
  const bucket = (id: string) => byPolicy.get(id) ?? byPolicy.set(id, { findings: [], waived: [] }).get(id)!;
  for (const f of report.findings) bucket(f.policy).findings.push(f);
  for (const f of report.waived) bucket(f.policy).waived.push(f);

  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const [id, { findings, waived }] of byPolicy) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const f of findings) {
      const attrs = `name="${escapeXml(refString(f.resource))} ${escapeXml(formatPath(f.path))}" classname="${escapeXml(id)}" file="${escapeXml(f.file)}"${f.line !== undefined ? ` line="${f.line}"` : ""}`;
      if (f.severity === "info") {
        suiteSkipped++;
        cases.push(`    <testcase ${attrs}>\n      <skipped message="info: ${escapeXml(f.message)}"/>\n    </testcase>`);
      } else if (!failsOn(f)) {
        cases.push(`    <testcase ${attrs}>\n      <system-out>${escapeXml(`${f.severity}: ${location(f)} ${f.message}`)}</system-out>\n    </testcase>`);
      } else {
        suiteFailures++;
        cases.push(`    <testcase ${attrs}>\n      <failure message="${escapeXml(f.message)}" type="${f.severity}">${escapeXml(`${location(f)} ${f.message}`)}</failure>\n    </testcase>`);
      }
    }
    for (const f of waived) {
      suiteSkipped++;
      cases.push(`    <testcase name="${escapeXml(refString(f.resource))} ${escapeXml(formatPath(f.path))}" classname="${escapeXml(id)}" file="${escapeXml(f.file)}">\n      <skipped message="waived: ${escapeXml(f.waivedBy?.reason ?? "")}"/>\n    </testcase>`);
    }
    if (cases.length === 0) cases.push(`    <testcase name="all resources" classname="${escapeXml(id)}"/>`);
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(`  <testsuite name="${escapeXml(id)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">\n${cases.join("\n")}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gitops-forge validate" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}
