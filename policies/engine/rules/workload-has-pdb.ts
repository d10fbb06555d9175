import { numberParam, type Rule } from "../rule";
import { minimumReplicas, workloadsCoveredBy } from "../workloads";

/** Replicated workloads need a PodDisruptionBudget so node drains keep them serving. */
export const workloadHasPdb: Rule = (ctx) => {
  const minReplicas = numberParam(ctx, "minReplicas");
  const covered = workloadsCoveredBy(ctx.index, "PodDisruptionBudget", ["spec", "selector"]);
  for (const w of ctx.resources) {
    if (!w.podLabels || minimumReplicas(ctx.index, w) < minReplicas || covered.has(w)) continue;
    ctx.report(w, ["spec", "template", "metadata", "labels"], `${w.ref.kind} ${w.ref.name} has no PodDisruptionBudget selecting its pods`);
  }
};
