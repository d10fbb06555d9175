import { labelSelector } from "../resource-index";
import { get } from "../resources";
import type { Rule } from "../rule";
import { hpasByTarget, targetKey } from "../workloads";

/** A PDB whose minAvailable reaches the HPA's minReplicas blocks every voluntary eviction at low load. */
export const pdbBelowHpaMin: Rule = (ctx) => {
  const hpas = hpasByTarget(ctx.index);
  for (const pdb of ctx.resources) {
    const minAvailable = get(pdb.object, ["spec", "minAvailable"]);
    if (typeof minAvailable !== "number") continue;
    const selector = labelSelector(get(pdb.object, ["spec", "selector"]));
    for (const w of ctx.index.workloadsSelectedBy(pdb.namespace, selector)) {
      for (const hpa of hpas.get(targetKey(w.namespace, w.ref.kind, w.ref.name)) ?? []) {
        const minReplicas = get(hpa.object, ["spec", "minReplicas"]) ?? 1;
        if (typeof minReplicas === "number" && minAvailable >= minReplicas) {
          ctx.report(pdb, ["spec", "minAvailable"], `PodDisruptionBudget ${pdb.ref.name}: minAvailable (${minAvailable}) must be below the minReplicas (${minReplicas}) of HorizontalPodAutoscaler ${hpa.ref.name}`);
        }
      }
    }
  }
};
