import { get } from "../resources";
import type { ResourceRule } from "../rule";

/** An HPA whose scaleTargetRef names no object of the run scales nothing. */
export const hpaTargetsWorkload: ResourceRule = {
  perResource: (ctx) => (hpa) => {
    const kind = get(hpa.object, ["spec", "scaleTargetRef", "kind"]);
    const name = get(hpa.object, ["spec", "scaleTargetRef", "name"]);
    if (typeof kind !== "string" || typeof name !== "string") return;
    if (!ctx.index.named(hpa.namespace, kind, name)) {
      ctx.report(hpa, ["spec", "scaleTargetRef"], `HorizontalPodAutoscaler ${hpa.ref.name}: target ${kind}/${name} does not exist in namespace ${hpa.namespace}`);
    }
  },
};
