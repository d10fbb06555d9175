import { labelSelector } from "../resource-index";
import { asArray, get } from "../resources";
import { stringListParam, type ResourceRule } from "../rule";
import type { Resource } from "../resources";

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
export const workloadHasNetworkPolicy: ResourceRule = {
  perResource: (ctx) => {
    const required = stringListParam(ctx, "policyTypes");
    const withRules = ctx.params.requireRules === true;
    const coveredByType = required.map((type) => ({ type, covered: new Set<Resource>() }));
    // Each NetworkPolicy's pods are looked up once, for all the types it enforces.
    for (const np of ctx.index.ofKind("NetworkPolicy")) {
      const sets = coveredByType.filter((t) => enforces(np, t.type, withRules)).map((t) => t.covered);
      if (sets.length === 0) continue;
      for (const w of ctx.index.workloadsSelectedBy(np.namespace, labelSelector(get(np.object, ["spec", "podSelector"])))) for (const set of sets) set.add(w);
    }
    return (w) => {
      if (!w.podLabels) return;
      const missing = coveredByType.filter((t) => !t.covered.has(w)).map((t) => t.type);
      if (missing.length === 0) return;
      ctx.report(w, w.podSpecPath ?? ["spec"], `${w.ref.kind} ${w.ref.name}: no NetworkPolicy covers its pods for ${missing.join(" and ")}`);
    };
  },
};
