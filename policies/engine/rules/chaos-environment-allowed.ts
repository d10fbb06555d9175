import { stringListParam, type Rule } from "../rule";

/** Chaos experiments run only in environments that accept them. */
export const chaosEnvironmentAllowed: Rule = (ctx) => {
  const allowed = stringListParam(ctx, "allowedEnvironments");
  for (const r of ctx.resources) {
    if (!r.ref.apiVersion.startsWith("chaos-mesh.org/")) continue;
    if (r.environment !== undefined && allowed.includes(r.environment)) continue;
    ctx.report(r, ["metadata", "name"], `${r.ref.kind} ${r.ref.name}: chaos experiments are not allowed in environment ${r.environment ?? "(unknown)"} (allowed: ${allowed.join(", ")})`);
  }
};
