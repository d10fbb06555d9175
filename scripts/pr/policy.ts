import { renderReport, validateManifests } from "../../policies/engine";
import { UserError } from "../../environments/source/errors";
import type { OutputFolder } from "../lib/synth/pipeline";
import type { PolicySummary } from "./body";
import { foldersOf } from "./changeset";

/**
 * The policy step of `pr`: validates each environment's synthesized manifests
 * with the policy engine and condenses the report for the PR body.
 */
export async function checkPolicies(root: string, folders: OutputFolder[], environments: string[]): Promise<Map<string, PolicySummary>> {
  const results = new Map<string, PolicySummary>();
  for (const environment of environments) {
    const owned = foldersOf(environment);
    const inputs = folders
      .filter((f) => owned.includes(f.folder))
      .flatMap((f) => [...f.objects].map(([path, object]) => ({ file: `generated/${f.folder}/${path}`, index: 0, object, text: f.files.get(path) })));
    const report = await validateManifests(inputs, { root, environment });
    // Several environments' reports share one body or one stderr: each says whose it is.
    const markdown = `Environment \`${environment}\`:\n\n${renderReport(report, "markdown")}`;
    results.set(environment, { errors: report.summary.error, warnings: report.summary.warning, markdown });
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

/**
 * Refuses (exit 1) when an environment has error-level violations, unless
 * they are allowed; either way the failing reports go to `report` (stderr).
 */
export function enforcePolicies(policy: Map<string, PolicySummary>, allowViolations: boolean, report: (text: string) => void): void {
  const failing = [...policy].filter(([, p]) => p.errors > 0);
  if (failing.length === 0) return;
  for (const [, p] of failing) report(p.markdown + "\n");
  const errors = failing.map(([environment, p]) => `${environment}: ${p.errors}`).join(", ");
  if (!allowViolations) throw new UserError(`error-level policy violations (${errors}): fix them or pass --allow-violations`, undefined, 1);
}
