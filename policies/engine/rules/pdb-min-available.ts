import { labelSelector } from "../resource-index";
import { get } from "../resources";
import type { Rule } from "../rule";
import { hpasByTarget, replicasOf, targetKey } from "../workloads";

/** Pods a minAvailable keeps up out of `replicas` (percentages round up, as the eviction API does). */
function keptAvailable(minAvailable: unknown, replicas: number): number | undefined {
  if (typeof minAvailable === "number") return minAvailable;
  const percent = typeof minAvailable === "string" ? /^(\d+)%$/.exec(minAvailable) : null;
  return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : undefined;
}

/**
 * A PDB whose minAvailable reaches the pods the workload runs (its HPA's
 * minReplicas when autoscaled, else spec.replicas when `compareReplicas`)
 * blocks every voluntary eviction, so node drains hang.
 */
export const pdbMinAvailable: Rule = (ctx) => {
  const hpas = hpasByTarget(ctx.index);
  const compareReplicas = ctx.params.compareReplicas === true;
  for (const pdb of ctx.resources) {
    const minAvailable = get(pdb.object, ["spec", "minAvailable"]);
    if (minAvailable === undefined) continue;
    for (const w of ctx.index.workloadsSelectedBy(pdb.namespace, labelSelector(get(pdb.object, ["spec", "selector"])))) {
      const autoscalers = hpas.get(targetKey(w.namespace, w.ref.kind, w.ref.name)) ?? [];
      const limits = autoscalers.map((hpa) => {
        const min = get(hpa.object, ["spec", "minReplicas"]);
        return { pods: typeof min === "number" ? min : 1, what: `the minReplicas (${typeof min === "number" ? min : 1}) of HorizontalPodAutoscaler ${hpa.ref.name}` };
      });
      if (limits.length === 0 && compareReplicas && w.ref.kind !== "Pod") limits.push({ pods: replicasOf(w), what: `the replicas (${replicasOf(w)}) of ${w.ref.kind} ${w.ref.name}` });
      for (const limit of limits) {
        const kept = keptAvailable(minAvailable, limit.pods);
        if (kept !== undefined && kept >= limit.pods) {
          ctx.report(pdb, ["spec", "minAvailable"], `PodDisruptionBudget ${pdb.ref.name}: minAvailable (${String(minAvailable)}) must be below ${limit.what}`);
        }
      }
    }
  }
};
