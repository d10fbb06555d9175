import { stringListParam, type Rule } from "../rule";

/**
 * Chaos experiments run only in environments that accept them: those the
 * policy config lists, and those whose environment file enables chaos where
 * its tier allows it (production only with `chaos.allowInProduction: true`),
 * as synth does.
 */
export const chaosEnvironmentAllowed: Rule = (ctx) => {
  const allowed = stringListParam(ctx, "allowedEnvironments");
  for (const r of ctx.resources) {
    if (!r.ref.apiVersion.startsWith("chaos-mesh.org/")) continue;
    if (r.environment !== undefined && (allowed.includes(r.environment) || ctx.environment(r.environment)?.chaosAllowed)) continue;
    ctx.report(
      r,
      ["metadata", "name"],
      `${r.ref.kind} ${r.ref.name}: chaos experiments are not allowed in environment ${r.environment ?? "(unknown)"} (allowed: ${allowed.join(", ")}, and environments whose file enables chaos, production with allowInProduction: true)`,
    );
  }
};
