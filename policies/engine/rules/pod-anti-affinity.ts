import { labelSelector, matches } from "../resource-index";
import { asArray, get } from "../resources";
import { choiceParam, numberParam, stringListParam, type ResourceRule } from "../rule";
import { minimumReplicas } from "../workloads";

/**
 * Replicas on one node fail together: spread them with a pod anti-affinity
 * term (or, if allowed, a topology spread constraint) on a node-level key
 * whose label selector picks the workload's own pods. A workload without
 * spec.replicas runs one pod unless an HPA says otherwise, or is checked
 * whatever its count (`unsetReplicas: scaled`, kube-score's reading).
 */
export const podAntiAffinity: ResourceRule = {
  perResource: (ctx) => {
    const minReplicas = numberParam(ctx, "minReplicas");
    const topologyKeys = stringListParam(ctx, "topologyKeys");
    const acceptSpread = ctx.params.acceptTopologySpread === true;
    const unsetIsScaled = choiceParam(ctx, "unsetReplicas", ["one", "scaled"]) === "scaled";
    return (w) => {
      if (!w.podSpec || !w.podSpecPath) return;
      const scaledElsewhere = unsetIsScaled && get(w.object, ["spec", "replicas"]) === undefined;
      if (!scaledElsewhere && minimumReplicas(ctx.index, w) < minReplicas) return;
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
      const replicas = scaledElsewhere ? "unset replicas" : `${minimumReplicas(ctx.index, w)} replicas`;
      ctx.report(w, [...w.podSpecPath, "affinity"], `${w.ref.kind} ${w.ref.name}: ${replicas} without pod anti-affinity on ${topologyKeys.join(" or ")} selecting its own pods`);
    };
  },
};
