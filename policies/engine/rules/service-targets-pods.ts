import { isEmptySelector, mapSelector } from "../resource-index";
import { get } from "../resources";
import type { Rule } from "../rule";

/** A Service whose selector matches no pod template routes traffic nowhere. */
export const serviceTargetsPods: Rule = (ctx) => {
  for (const svc of ctx.resources) {
    if (get(svc.object, ["spec", "type"]) === "ExternalName") continue;
    const selector = mapSelector(get(svc.object, ["spec", "selector"]));
    if (isEmptySelector(selector)) continue;
    if (ctx.index.workloadsSelectedBy(svc.namespace, selector).length === 0) {
      ctx.report(svc, ["spec", "selector"], `Service ${svc.ref.name} selects no pods in namespace ${svc.namespace}`);
    }
  }
};
