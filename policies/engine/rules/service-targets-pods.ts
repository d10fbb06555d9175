import { isEmptySelector, mapSelector } from "../resource-index";
import { get } from "../resources";
import type { ResourceRule } from "../rule";

/** A Service whose selector matches no pod template routes traffic nowhere. */
export const serviceTargetsPods: ResourceRule = {
  perResource: (ctx) => (svc) => {
    if (get(svc.object, ["spec", "type"]) === "ExternalName") return;
    const selector = mapSelector(get(svc.object, ["spec", "selector"]));
    if (isEmptySelector(selector)) return;
    if (ctx.index.workloadsSelectedBy(svc.namespace, selector).length === 0) {
      ctx.report(svc, ["spec", "selector"], `Service ${svc.ref.name} selects no pods in namespace ${svc.namespace}`);
    }
  },
};
