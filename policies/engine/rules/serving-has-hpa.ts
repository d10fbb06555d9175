import { get, isObj } from "../resources";
import { stringParam, type ResourceRule } from "../rule";
import { hasLabels, hpasByTarget, targetKey, vpasByTarget } from "../workloads";

/**
 * Serving workloads scale with load: each needs a HorizontalPodAutoscaler, a
 * VerticalPodAutoscaler that applies its recommendations (not `Off`), or a
 * fixed replica count declared deliberate (`fixedReplicasAnnotation`, with a reason).
 */
export const servingHasHpa: ResourceRule = {
  perResource: (ctx) => {
    const serving = isObj(ctx.params.servingLabels) ? ctx.params.servingLabels : {};
    const fixedAnnotation = stringParam(ctx, "fixedReplicasAnnotation");
    const hpas = hpasByTarget(ctx.index);
    const vpas = vpasByTarget(ctx.index);
    return (w) => {
      if (!hasLabels(w.labels, serving)) return;
      const key = targetKey(w.namespace, w.ref.kind, w.ref.name);
      if (hpas.has(key)) return;
      if (vpas.get(key)?.some((vpa) => get(vpa.object, ["spec", "updatePolicy", "updateMode"]) !== "Off")) return;
      if ((w.annotations[fixedAnnotation] ?? "").trim() !== "" && typeof get(w.object, ["spec", "replicas"]) === "number") return;
      ctx.report(w, ["metadata", "name"], `serving ${w.ref.kind} ${w.ref.name} has no HorizontalPodAutoscaler, no VerticalPodAutoscaler applying its recommendations, and no ${fixedAnnotation} annotation saying why its replica count is fixed`);
    };
  },
};
