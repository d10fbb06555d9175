import { numberParam, type ResourceRule } from "../rule";
import { minimumReplicas, workloadsCoveredBy } from "../workloads";

/** Replicated workloads need a PodDisruptionBudget so node drains keep them serving. */
export const workloadHasPdb: ResourceRule = {
  perResource: (ctx) => {
    const minReplicas = numberParam(ctx, "minReplicas");
    const covered = workloadsCoveredBy(ctx.index, "PodDisruptionBudget", ["spec", "selector"]);
    return (w) => {
      if (!w.podLabels || minimumReplicas(ctx.index, w) < minReplicas || covered.has(w)) return;
      ctx.report(w, ["spec", "template", "metadata", "labels"], `${w.ref.kind} ${w.ref.name} has no PodDisruptionBudget selecting its pods`);
    };
  },
};
