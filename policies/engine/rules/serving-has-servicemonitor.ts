import { labelSelector } from "../resource-index";
import { asArray, get, type Resource } from "../resources";
import type { Rule } from "../rule";
import { memo, servicesByWorkload, servingPredicate } from "../workloads";

/** Services that some ServiceMonitor scrapes. */
function scrapedServices(ctx: Parameters<Rule>[0]): Set<Resource> {
  return memo(ctx.index, "scrapedServices", () => {
    const scraped = new Set<Resource>();
    for (const sm of ctx.index.ofKind("ServiceMonitor")) {
      const names = asArray(get(sm.object, ["spec", "namespaceSelector", "matchNames"])).map(String);
      const selector = labelSelector(get(sm.object, ["spec", "selector"]));
      for (const ns of names.length > 0 ? names : [sm.namespace]) {
        for (const svc of ctx.index.objectsSelectedBy(ns, "Service", selector)) scraped.add(svc);
      }
    }
    return scraped;
  });
}

/** Serving workloads must be scraped: a ServiceMonitor selects a Service in front of their pods. */
export const servingHasServiceMonitor: Rule = (ctx) => {
  const isServing = servingPredicate(ctx);
  const services = servicesByWorkload(ctx.index);
  const scraped = scrapedServices(ctx);
  for (const w of ctx.resources) {
    if (!isServing(w)) continue;
    if ((services.get(w) ?? []).some((svc) => scraped.has(svc))) continue;
    ctx.report(w, ["metadata", "name"], `serving ${w.ref.kind} ${w.ref.name} is not scraped by any ServiceMonitor`);
  }
};
