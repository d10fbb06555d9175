import { get, isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** Extended resources (GPUs) cannot be overcommitted: requests must equal limits, and limits must be set. */
export const extendedResourcesEqual: ResourceRule = {
  perResource: (ctx) => (r) => {
    for (const c of r.containers) {
      const requests = get(c.value, ["resources", "requests"]);
      const limits = get(c.value, ["resources", "limits"]);
      const keys = new Set([...Object.keys(isObj(requests) ? requests : {}), ...Object.keys(isObj(limits) ? limits : {})]);
      for (const key of [...keys].sort()) {
        if (!isExtended(key)) continue;
        const req = isObj(requests) ? requests[key] : undefined;
        const lim = isObj(limits) ? limits[key] : undefined;
        if (lim === undefined) {
          ctx.report(r, [...c.path, "resources", "requests", key], `container ${c.name}: ${key} is requested without a limit`);
        } else if (req !== undefined && String(req) !== String(lim)) {
          ctx.report(r, [...c.path, "resources", "requests", key], `container ${c.name}: ${key} request (${String(req)}) must equal its limit (${String(lim)})`);
        }
      }
    }
  },
};

/** Extended resources are domain-prefixed names outside kubernetes.io (nvidia.com/gpu, amd.com/gpu). */
function isExtended(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return false;
  const domain = key.slice(0, slash);
  return !(domain === "kubernetes.io" || domain.endsWith(".kubernetes.io") || key.startsWith("hugepages-"));
}
