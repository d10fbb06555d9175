import { labelSelector, matches } from "../resource-index";
import { asArray, get } from "../resources";
import { numberParam, stringListParam, type ResourceRule } from "../rule";
import { minimumReplicas } from "../workloads";

/**
 * Replicas on one node fail together: spread them with a pod anti-affinity
 * term (or, if allowed, a topology spread constraint) on a node-level key
 * whose label selector picks the workload's own pods.
 */
export const podAntiAffinity: ResourceRule = {
  perResource: (ctx) => {
    const minReplicas = numberParam(ctx, "minReplicas");
    const topologyKeys = stringListParam(ctx, "topologyKeys");
    const acceptSpread = ctx.params.acceptTopologySpread === true;
    return (w) => {
      if (!w.podSpec || !w.podSpecPath || minimumReplicas(ctx.index, w) < minReplicas) return;
      const anti = get(w.podSpec, ["affinity", "podAntiAffinity"]);
      const terms = [
        ...asArray(get(anti, ["requiredDuringSchedulingIgnoredDuringExecution"])),
        ...asArray(get(anti, ["preferredDuringSchedulingIgnoredDuringExecution"])).map((t) => get(t, ["podAffinityTerm"])),
        ...(acceptSpread ? asArray(w.podSpec.topologySpreadConstraints) : []),
      ];
      const spreads = terms.some((t) => {
        const key = get(t, ["topologyKey"]);
        return typeof key === "string" && topologyKeys.includes(key) && matches(w.podLabels ?? {}, labelSelector(get(t, ["labelSelector"])));
      });
      if (spreads) return;
      ctx.report(w, [...w.podSpecPath, "affinity"], `${w.ref.kind} ${w.ref.name}: ${minimumReplicas(ctx.index, w)} replicas without pod anti-affinity on ${topologyKeys.join(" or ")} selecting its own pods`);
    };
  },
};
