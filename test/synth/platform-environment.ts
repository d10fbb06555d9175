import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironment } from "../../environments/load-environment";
import type { ResolvedEnvironment } from "../../environments/schema";
import { buildEnvironment, type Manifest } from "../../scripts/lib/synth/pipeline";
import { validateManifests, type Report } from "../../policies/engine";
import { removeScratch, scratchRepo } from "../helpers/repo";

export type Obj = Manifest & { spec?: any; rules?: any; data?: any };

/**
 * An environment `platform` extending the sample production environment with
 * `overrides` (YAML text appended after its own keys), synthesized in memory
 * from a scratch copy of the repository, and its policy report at production
 * severity (the sample policy config).
 */
export async function synthesizePlatform(
  overrides: string,
): Promise<{ env: ResolvedEnvironment; objects: Obj[]; report: Report; find: (kind: string, name: string) => Obj | undefined }> {
  const repo = scratchRepo();
  try {
    writeFileSync(join(repo, "environments/platform.yaml"), `extends: production\n${overrides}`);
    const env = loadEnvironment(repo, "platform");
    const objects = buildEnvironment(env) as Obj[];
    const report = await validateManifests(
      objects.map((object, index) => ({ file: `generated/platform/${index}.yaml`, index: 0, object })),
      { root: repo },
    );
    return { env, objects, report, find: (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name) };
  } finally {
    removeScratch(repo);
  }
}

/** Error findings of a report, as `policy: message` lines. */
export const errorsOf = (report: Report) => report.findings.filter((f) => f.severity === "error").map((f) => `${f.policy}: ${f.message}`);
