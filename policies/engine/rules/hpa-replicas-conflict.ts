import { get } from "../resources";
import type { Rule } from "../rule";
import { hpasByTarget, targetKey } from "../workloads";

/** With an HPA, a declared replica count is reset on every sync and fights the autoscaler. */
export const hpaReplicasConflict: Rule = (ctx) => {
  const hpas = hpasByTarget(ctx.index);
  for (const w of ctx.resources) {
    if (get(w.object, ["spec", "replicas"]) === undefined) continue;
    if (!hpas.has(targetKey(w.namespace, w.ref.kind, w.ref.name))) continue;
    ctx.report(w, ["spec", "replicas"], `${w.ref.kind} ${w.ref.name} is scaled by a HorizontalPodAutoscaler but sets spec.replicas`);
  }
};
