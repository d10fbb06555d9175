import { isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** Identical readiness and liveness probes restart pods that are merely busy. */
export const probesDistinct: ResourceRule = {
  perResource: (ctx) => (r) => {
    for (const c of r.containers) {
      if (c.list !== "containers") continue;
      const { readinessProbe, livenessProbe } = c.value;
      if (isObj(readinessProbe) && isObj(livenessProbe) && sameHandler(readinessProbe, livenessProbe)) {
        ctx.report(r, [...c.path, "livenessProbe"], `container ${c.name}: liveness and readiness probes are identical`);
      }
    }
  },
};

/** Probes are identical when their handlers are, whatever their timings. */
function sameHandler(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key of ["httpGet", "tcpSocket", "exec", "grpc"]) {
    if (a[key] !== undefined || b[key] !== undefined) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
    }
  }
  return true;
}
