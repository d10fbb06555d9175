import type { PolicyConfig } from "./config";
import type { EnvironmentSettingsReader } from "./environment-settings";

/** Config keys that name a tier (`tier:production`) rather than an environment. */
const TIER_PREFIX = "tier:";

/**
 * The config with its environments' tiers, when it keys any setting by tier:
 * an environment's name wins over its tier, read from its environment file.
 */
export function withTiers(config: PolicyConfig, environment: EnvironmentSettingsReader): PolicyConfig {
  const maps = [config.environments, ...Object.values(config.policies).map((p) => p.environments ?? {})];
  const byTier = maps.some((m) => Object.keys(m).some((k) => k.startsWith(TIER_PREFIX)));
  return byTier ? { ...config, tierOf: (name) => environment(name)?.tier } : config;
}

/** The keys an environment's settings may be written under, most specific first. */
function environmentKeys(config: PolicyConfig, environment: string | undefined): string[] {
  if (environment === undefined) return [];
  const tier = config.tierOf?.(environment);
  return tier ? [environment, TIER_PREFIX + tier] : [environment];
}

function firstOf<T>(keys: string[], map: Record<string, T> | undefined): T | undefined {
  for (const key of keys) if (map?.[key] !== undefined) return map[key];
  return undefined;
}
import type { Policy, SeverityOrOff } from "./types";

/**
 * Severity of a policy's findings in an environment: the policy default, then
 * the config's per-policy severity, then the environment's mode (warn turns
 * errors into warnings), and last an explicit per-policy, per-environment value.
 */
export function resolveSeverity(policy: Policy, config: PolicyConfig, environment: string | undefined): SeverityOrOff {
  const override = config.policies[policy.id];
  if (override?.enabled === false) return "off";
  if (config.only && !config.only.includes(policy.id)) return "off";
  const keys = environmentKeys(config, environment);
  const explicit = firstOf(keys, override?.environments);
  if (explicit) return explicit;
  const severity = override?.severity ?? policy.severity;
  const mode = firstOf(keys, config.environments) ?? config.environments["*"] ?? "enforce";
  return mode === "warn" && severity === "error" ? "warning" : severity;
}

/** A policy runs unless it is off in every environment the config can name. */
export function isPolicyActive(policy: Policy, config: PolicyConfig): boolean {
  const override = config.policies[policy.id];
  if (override?.enabled === false) return false;
  if (config.only && !config.only.includes(policy.id)) return false;
  if (override?.severity !== "off") return true;
  return Object.values(override.environments ?? {}).some((s) => s !== "off");
}

export function policyParameters(policy: Policy, config: PolicyConfig): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(policy.parameters)) params[name] = spec.default;
  return { ...params, ...(config.policies[policy.id]?.parameters ?? {}) };
}
