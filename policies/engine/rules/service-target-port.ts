import { isEmptySelector, mapSelector } from "../resource-index";
import { asArray, get, isObj } from "../resources";
import type { ResourceRule } from "../rule";
import { declaredPorts } from "../workloads";

/** A named targetPort must be a port name declared by the pods the Service selects. */
export const serviceTargetPort: ResourceRule = {
  perResource: (ctx) => (svc) => {
    const selector = mapSelector(get(svc.object, ["spec", "selector"]));
    if (isEmptySelector(selector)) return;
    const pods = ctx.index.workloadsSelectedBy(svc.namespace, selector);
    if (pods.length === 0) return;
    const names = new Set(pods.flatMap((w) => [...declaredPorts(w.containers).names]));
    asArray(get(svc.object, ["spec", "ports"])).forEach((port, i) => {
      if (!isObj(port) || typeof port.targetPort !== "string" || names.has(port.targetPort)) return;
      ctx.report(svc, ["spec", "ports", i, "targetPort"], `Service ${svc.ref.name}: targetPort ${port.targetPort} is not a port name of the selected pods`);
    });
  },
};
