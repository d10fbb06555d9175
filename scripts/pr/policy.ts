import type { OutputFolder } from "../lib/synth/pipeline";
import type { PolicySummary } from "./body";

/**
 * The policy step of `pr`: validates each environment's synthesized manifests
 * with the policy engine and condenses the report for the PR body.
 */
interface PolicyEngine {
  validateManifests(inputs: unknown, opts: { root: string; environment: string }): unknown | Promise<unknown>;
  renderReport(report: unknown, format: "markdown"): string;
  exitCodeFor(report: unknown): number;
}

/** Loaded by path so `pr` runs (and says so in the PR body) where the engine is not installed yet. */
const ENGINE = new URL("../../policies/engine/index.ts", import.meta.url).href;

export async function checkPolicies(root: string, folders: OutputFolder[]): Promise<Map<string, PolicySummary> | undefined> {
  let engine: PolicyEngine;
  try {
    engine = (await import(ENGINE)) as PolicyEngine;
  } catch {
    return undefined;
  }
  const results = new Map<string, PolicySummary>();
  for (const folder of folders) {
    const report = await engine.validateManifests(folder.objects, { root, environment: folder.folder });
    const markdown = engine.renderReport(report, "markdown");
    const counts = report as { errors?: unknown[] | number; warnings?: unknown[] | number };
    const count = (v: unknown[] | number | undefined) => (Array.isArray(v) ? v.length : typeof v === "number" ? v : 0);
    const errors = engine.exitCodeFor(report) === 0 ? 0 : Math.max(1, count(counts.errors));
    results.set(folder.folder, { errors, warnings: count(counts.warnings), markdown });
  }
  return results;
}

/** One summary for the environments that share a pull request. */
export function combinePolicies(summaries: PolicySummary[]): PolicySummary | undefined {
  if (summaries.length === 0) return undefined;
  return {
    errors: summaries.reduce((n, s) => n + s.errors, 0),
    warnings: summaries.reduce((n, s) => n + s.warnings, 0),
    markdown: summaries.map((s) => s.markdown).join("\n\n"),
  };
}
