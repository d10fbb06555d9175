import type { Rule } from "../rule";
import { servicesByWorkload } from "../workloads";

/**
 * Serving containers need a readiness probe, or Services send traffic to pods
 * still loading their model. `perContainer: false` accepts one probe per pod
 * and `onlyWhenServed: true` skips pods no Service selects and that run
 * without a ServiceAccount (kube-score's reading).
 */
export const readinessProbe: Rule = (ctx) => {
  const perContainer = ctx.params.perContainer !== false;
  const onlyWhenServed = ctx.params.onlyWhenServed === true;
  const services = servicesByWorkload(ctx.index);
  for (const r of ctx.resources) {
    if (!r.podSpec || !r.podSpecPath) continue;
    if (onlyWhenServed && !services.has(r) && typeof r.podSpec.serviceAccountName !== "string") continue;
    const containers = r.containers.filter((c) => c.list === "containers");
    const missing = containers.filter((c) => c.value.readinessProbe === undefined);
    if (!perContainer && missing.length < containers.length) continue;
    for (const c of missing) ctx.report(r, [...c.path, "readinessProbe"], `container ${c.name} has no readiness probe`);
  }
};
