import type { PolicyConfig } from "./config";
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
  const explicit = environment !== undefined ? override?.environments?.[environment] : undefined;
  if (explicit) return explicit;
  const severity = override?.severity ?? policy.severity;
  const mode = (environment !== undefined ? config.environments[environment] : undefined) ?? config.environments["*"] ?? "enforce";
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
