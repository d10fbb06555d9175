import { existsSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS_DIR, loadEnvironment } from "../../environments/load-environment";
import { UserError } from "../../environments/source/errors";

/** What validate needs to know of an environment that its manifests do not say. */
export interface EnvironmentSettings {
  tier: "development" | "staging" | "production";
  /** The environment runs chaos experiments and may: not production, or production with `chaos.allowInProduction`. */
  chaosAllowed: boolean;
}

export type EnvironmentSettingsReader = (name: string) => EnvironmentSettings | undefined;

/**
 * Reads each environment's settings from `environments/<name>.yaml` under
 * `root` (through its `extends` chain), once per name, only when a policy
 * asks. An environment without a file, or whose file does not load, has none:
 * what depends on it falls back to the policy config alone.
 */
export function environmentSettingsReader(root: string): EnvironmentSettingsReader {
  const cache = new Map<string, EnvironmentSettings | undefined>();
  return (name) => {
    if (!cache.has(name)) cache.set(name, read(root, name));
    return cache.get(name);
  };
}

function read(root: string, name: string): EnvironmentSettings | undefined {
  if (!existsSync(join(root, ENVIRONMENTS_DIR, `${name}.yaml`))) return undefined;
  try {
    const env = loadEnvironment(root, name);
    return { tier: env.tier, chaosAllowed: env.chaos.enabled && (env.tier !== "production" || env.chaos.allowInProduction) };
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}
