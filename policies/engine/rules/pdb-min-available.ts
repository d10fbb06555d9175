import { labelSelector } from "../resource-index";
import { get, type Resource } from "../resources";
import { choiceParam, type Rule } from "../rule";
import { autoscalerMinReplicas, hpasByTarget, replicasOf, targetKey } from "../workloads";

/** Pods a minAvailable keeps up out of `replicas` (percentages round up, as the eviction API does). */
function keptAvailable(minAvailable: unknown, replicas: number): number | undefined {
  if (typeof minAvailable === "number") return minAvailable;
  const percent = typeof minAvailable === "string" ? /^(\d+)%$/.exec(minAvailable) : null;
  return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : undefined;
}

/** A bound on minAvailable: it must stay below `pods` (or, when `ceiling`, not exceed them). */
interface Limit {
  pods: number;
  ceiling: boolean;
  what: string;
}

/**
 * The bound an HPA sets: its minReplicas; without one, Kubernetes' default of 1
 * (`unsetMinReplicas: one`) or only its maxReplicas (`maxReplicas`, Polaris' reading).
 */
function autoscalerLimit(hpa: Resource, unsetMinReplicas: string): Limit | undefined {
  const min = hpa.ref.kind === "ScaledObject" ? autoscalerMinReplicas(hpa) : get(hpa.object, ["spec", "minReplicas"]);
  if (typeof min === "number" || unsetMinReplicas === "one") {
    const pods = typeof min === "number" ? min : 1;
    const field = hpa.ref.kind === "ScaledObject" ? "minReplicaCount" : "minReplicas";
    return { pods, ceiling: false, what: `the ${field} (${pods}) of ${hpa.ref.kind} ${hpa.ref.name}` };
  }
  const max = get(hpa.object, ["spec", "maxReplicas"]);
  return typeof max === "number" ? { pods: max, ceiling: true, what: `the maxReplicas (${max}) of HorizontalPodAutoscaler ${hpa.ref.name}` } : undefined;
}

/**
 * A PDB whose minAvailable reaches the pods the workload runs (its HPA's
 * minReplicas when autoscaled, else spec.replicas when `compareReplicas`)
 * blocks every voluntary eviction, so node drains hang. A percentage is taken
 * of those pods, or of spec.replicas with `percentageOf: replicas`.
 */
export const pdbMinAvailable: Rule = (ctx) => {
  const hpas = hpasByTarget(ctx.index);
  const compareReplicas = ctx.params.compareReplicas === true;
  const ofReplicas = choiceParam(ctx, "percentageOf", ["pods", "replicas"]) === "replicas";
  const unsetMinReplicas = choiceParam(ctx, "unsetMinReplicas", ["one", "maxReplicas"]);
  for (const pdb of ctx.resources) {
    const minAvailable = get(pdb.object, ["spec", "minAvailable"]);
    if (minAvailable === undefined) continue;
    for (const w of ctx.index.workloadsSelectedBy(pdb.namespace, labelSelector(get(pdb.object, ["spec", "selector"])))) {
      const autoscalers = hpas.get(targetKey(w.namespace, w.ref.kind, w.ref.name)) ?? [];
      const limits = autoscalers.flatMap((hpa) => autoscalerLimit(hpa, unsetMinReplicas) ?? []);
      if (autoscalers.length === 0 && compareReplicas && w.ref.kind !== "Pod") {
        limits.push({ pods: replicasOf(w), ceiling: false, what: `the replicas (${replicasOf(w)}) of ${w.ref.kind} ${w.ref.name}` });
      }
      for (const limit of limits) {
        const kept = keptAvailable(minAvailable, ofReplicas ? replicasOf(w) : limit.pods);
        if (kept === undefined || kept < limit.pods || (limit.ceiling && kept === limit.pods)) continue;
        const verdict = limit.ceiling ? "must not exceed" : "must be below";
        ctx.report(pdb, ["spec", "minAvailable"], `PodDisruptionBudget ${pdb.ref.name}: minAvailable (${String(minAvailable)}) ${verdict} ${limit.what}`);
      }
    }
  }
};
