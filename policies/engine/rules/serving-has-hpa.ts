import type { ResourceRule } from "../rule";
import { hpasByTarget, servingPredicate, targetKey } from "../workloads";

/** Serving workloads scale with load: each needs a HorizontalPodAutoscaler. */
export const servingHasHpa: ResourceRule = {
  perResource: (ctx) => {
    const isServing = servingPredicate(ctx);
    const hpas = hpasByTarget(ctx.index);
    return (w) => {
      if (!isServing(w) || hpas.has(targetKey(w.namespace, w.ref.kind, w.ref.name))) return;
      ctx.report(w, ["metadata", "name"], `serving ${w.ref.kind} ${w.ref.name} has no HorizontalPodAutoscaler`);
    };
  },
};
