import { get } from "../resources";
import type { Rule } from "../rule";

/** maxReplicas equal to minReplicas leaves nothing to autoscale. */
export const hpaMaxAboveMin: Rule = (ctx) => {
  for (const hpa of ctx.resources) {
    const min = get(hpa.object, ["spec", "minReplicas"]) ?? 1;
    const max = get(hpa.object, ["spec", "maxReplicas"]);
    if (typeof min === "number" && typeof max === "number" && max <= min) {
      ctx.report(hpa, ["spec", "maxReplicas"], `HorizontalPodAutoscaler ${hpa.ref.name}: maxReplicas (${max}) must be greater than minReplicas (${min})`);
    }
  }
};
