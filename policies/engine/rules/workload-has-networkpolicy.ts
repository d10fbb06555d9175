import { asArray, get } from "../resources";
import { stringListParam, type ResourceRule } from "../rule";
import type { Resource } from "../resources";
import { workloadsCoveredBy } from "../workloads";

/** Policy types a NetworkPolicy enforces; Kubernetes infers Egress only from egress rules. */
function policyTypes(np: Resource): string[] {
  const declared = asArray(get(np.object, ["spec", "policyTypes"])).map(String);
  if (declared.length > 0) return declared;
  return get(np.object, ["spec", "egress"]) !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Pods no NetworkPolicy selects accept traffic from anywhere and send it anywhere. */
export const workloadHasNetworkPolicy: ResourceRule = {
  perResource: (ctx) => {
    const required = stringListParam(ctx, "policyTypes");
    const coveredByType = required.map((type) => ({
      type,
      covered: workloadsCoveredBy(ctx.index, "NetworkPolicy", ["spec", "podSelector"], (np) => policyTypes(np).includes(type)),
    }));
    return (w) => {
      if (!w.podLabels) return;
      const missing = coveredByType.filter((t) => !t.covered.has(w)).map((t) => t.type);
      if (missing.length === 0) return;
      ctx.report(w, w.podSpecPath ?? ["spec"], `${w.ref.kind} ${w.ref.name}: no NetworkPolicy covers its pods for ${missing.join(" and ")}`);
    };
  },
};
