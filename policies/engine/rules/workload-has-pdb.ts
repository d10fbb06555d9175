import { get } from "../resources";
import { choiceParam, numberParam, type ResourceRule } from "../rule";
import { minimumReplicas, workloadsCoveredBy } from "../workloads";

/**
 * Replicated workloads need a PodDisruptionBudget so node drains keep them
 * serving. A workload without spec.replicas runs one pod unless an HPA says
 * otherwise, or is checked whatever its count (`unsetReplicas: scaled`,
 * kube-score's reading).
 */
export const workloadHasPdb: ResourceRule = {
  perResource: (ctx) => {
    const minReplicas = numberParam(ctx, "minReplicas");
    const unsetIsScaled = choiceParam(ctx, "unsetReplicas", ["one", "scaled"]) === "scaled";
    const covered = workloadsCoveredBy(ctx.index, "PodDisruptionBudget", ["spec", "selector"]);
    return (w) => {
      if (!w.podLabels || covered.has(w)) return;
      const scaledElsewhere = unsetIsScaled && get(w.object, ["spec", "replicas"]) === undefined;
      if (!scaledElsewhere && minimumReplicas(ctx.index, w) < minReplicas) return;
      ctx.report(w, ["spec", "template", "metadata", "labels"], `${w.ref.kind} ${w.ref.name} has no PodDisruptionBudget selecting its pods`);
    };
  },
};
