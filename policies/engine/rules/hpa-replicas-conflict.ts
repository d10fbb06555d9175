import { get } from "../resources";
import type { ResourceRule } from "../rule";
import { hpasByTarget, targetKey } from "../workloads";

/** With an HPA, a declared replica count is reset on every sync and fights the autoscaler. */
export const hpaReplicasConflict: ResourceRule = {
  perResource: (ctx) => {
    const hpas = hpasByTarget(ctx.index);
    return (w) => {
      if (get(w.object, ["spec", "replicas"]) === undefined) return;
      if (!hpas.has(targetKey(w.namespace, w.ref.kind, w.ref.name))) return;
      ctx.report(w, ["spec", "replicas"], `${w.ref.kind} ${w.ref.name} is scaled by a HorizontalPodAutoscaler but sets spec.replicas`);
    };
  },
};
