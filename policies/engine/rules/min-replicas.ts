import { get } from "../resources";
import { numberParam, type ResourceRule } from "../rule";
import { autoscalerMinReplicas, hpasByTarget, replicasOf, targetKey } from "../workloads";

/**
 * A single replica is an outage waiting for a node drain. When an HPA scales
 * the workload (and `checkAutoscalerInstead` is on), its minReplicas is what counts.
 */
export const minReplicas: ResourceRule = {
  perResource: (ctx) => {
    const min = numberParam(ctx, "minReplicas");
    const viaHpa = ctx.params.checkAutoscalerInstead === true;
    const hpas = hpasByTarget(ctx.index);
    return (w) => {
      const autoscalers = viaHpa ? (hpas.get(targetKey(w.namespace, w.ref.kind, w.ref.name)) ?? []) : [];
      if (autoscalers.length > 0) {
        for (const hpa of autoscalers) {
          const hpaMin = autoscalerMinReplicas(hpa);
          if (typeof hpaMin === "number" && hpaMin < min) {
            ctx.report(w, ["metadata", "name"], `${w.ref.kind} ${w.ref.name}: ${hpa.ref.kind} ${hpa.ref.name} allows ${hpaMin} replica(s), fewer than ${min}`);
          }
        }
        return;
      }
      if (replicasOf(w) < min) {
        ctx.report(w, ["spec", "replicas"], `${w.ref.kind} ${w.ref.name} runs ${replicasOf(w)} replica(s), fewer than ${min}`);
      }
    };
  },
};
