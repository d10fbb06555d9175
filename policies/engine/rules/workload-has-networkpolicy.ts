import { asArray, get } from "../resources";
import { stringListParam, type Rule } from "../rule";
import type { Resource } from "../resources";
import { workloadsCoveredBy } from "../workloads";

/** Policy types a NetworkPolicy enforces; Kubernetes infers Egress only from egress rules. */
function policyTypes(np: Resource): string[] {
  const declared = asArray(get(np.object, ["spec", "policyTypes"])).map(String);
  if (declared.length > 0) return declared;
  return get(np.object, ["spec", "egress"]) !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Whether a NetworkPolicy enforces a policy type, with at least one rule of it when `withRules`. */
function enforces(np: Resource, type: string, withRules: boolean): boolean {
  if (!policyTypes(np).includes(type)) return false;
  return !withRules || asArray(get(np.object, ["spec", type.toLowerCase()])).length > 0;
}

/** Pods no NetworkPolicy selects accept traffic from anywhere and send it anywhere. */
export const workloadHasNetworkPolicy: Rule = (ctx) => {
  const required = stringListParam(ctx, "policyTypes");
  const withRules = ctx.params.requireRules === true;
  const coveredByType = required.map((type) => ({
    type,
    covered: workloadsCoveredBy(ctx.index, "NetworkPolicy", ["spec", "podSelector"], (np) => enforces(np, type, withRules)),
  }));
  for (const w of ctx.resources) {
    if (!w.podLabels) continue;
    const missing = coveredByType.filter((t) => !t.covered.has(w)).map((t) => t.type);
    if (missing.length === 0) continue;
    ctx.report(w, w.podSpecPath ?? ["spec"], `${w.ref.kind} ${w.ref.name}: no NetworkPolicy covers its pods for ${missing.join(" and ")}`);
  }
};
