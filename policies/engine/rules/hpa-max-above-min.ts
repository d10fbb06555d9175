import { get } from "../resources";
import type { ResourceRule } from "../rule";

/** maxReplicas equal to minReplicas leaves nothing to autoscale. */
export const hpaMaxAboveMin: ResourceRule = {
  perResource: (ctx) => (hpa) => {
    const min = get(hpa.object, ["spec", "minReplicas"]) ?? 1;
    const max = get(hpa.object, ["spec", "maxReplicas"]);
    if (typeof min === "number" && typeof max === "number" && max <= min) {
      ctx.report(hpa, ["spec", "maxReplicas"], `HorizontalPodAutoscaler ${hpa.ref.name}: maxReplicas (${max}) must be greater than minReplicas (${min})`);
    }
  },
};
