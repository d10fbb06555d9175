import { labelSelector } from "../resource-index";
import { asArray, get } from "../resources";
import type { Rule } from "../rule";

/** A ServiceMonitor that selects no Service scrapes nothing and its alerts never fire. */
export const serviceMonitorTargetsService: Rule = (ctx) => {
  for (const sm of ctx.resources) {
    if (get(sm.object, ["spec", "namespaceSelector", "any"]) === true) continue;
    const names = asArray(get(sm.object, ["spec", "namespaceSelector", "matchNames"])).map(String);
    const namespaces = names.length > 0 ? names : [sm.namespace];
    const selector = labelSelector(get(sm.object, ["spec", "selector"]));
    if (namespaces.some((ns) => ctx.index.objectsSelectedBy(ns, "Service", selector).length > 0)) continue;
    ctx.report(sm, ["spec", "selector"], `ServiceMonitor ${sm.ref.name}: selector matches no Service in namespace ${namespaces.join(", ")}`);
  }
};
