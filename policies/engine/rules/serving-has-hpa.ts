import { isObj } from "../resources";
import type { ResourceRule } from "../rule";
import { hasLabels, hpasByTarget, targetKey } from "../workloads";

/** Serving workloads scale with load: each needs a HorizontalPodAutoscaler. */
export const servingHasHpa: ResourceRule = {
  perResource: (ctx) => {
    const serving = isObj(ctx.params.servingLabels) ? ctx.params.servingLabels : {};
    const hpas = hpasByTarget(ctx.index);
    return (w) => {
      if (!hasLabels(w.labels, serving) || hpas.has(targetKey(w.namespace, w.ref.kind, w.ref.name))) return;
      ctx.report(w, ["metadata", "name"], `serving ${w.ref.kind} ${w.ref.name} has no HorizontalPodAutoscaler`);
    };
  },
};
