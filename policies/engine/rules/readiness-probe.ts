import type { ResourceRule } from "../rule";
import { servicesByWorkload } from "../workloads";

/**
 * Serving containers need a readiness probe, or Services send traffic to pods
 * still loading their model. `perContainer: false` accepts one probe per pod
 * and `onlyWhenServed: true` skips pods no Service selects and that run
 * without a ServiceAccount (kube-score's reading).
 */
export const readinessProbe: ResourceRule = {
  perResource: (ctx) => {
    const perContainer = ctx.params.perContainer !== false;
    const onlyWhenServed = ctx.params.onlyWhenServed === true;
    const services = servicesByWorkload(ctx.index);
    return (r) => {
      if (!r.podSpec || !r.podSpecPath) return;
      if (onlyWhenServed && !services.has(r) && typeof r.podSpec.serviceAccountName !== "string") return;
      const containers = r.containers.filter((c) => c.list === "containers");
      const missing = containers.filter((c) => c.value.readinessProbe === undefined);
      if (!perContainer && missing.length < containers.length) return;
      for (const c of missing) ctx.report(r, [...c.path, "readinessProbe"], `container ${c.name} has no readiness probe`);
    };
  },
};
