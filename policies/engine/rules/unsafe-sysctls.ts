import { asArray, get, isObj } from "../resources";
import { stringListParam, type ResourceRule } from "../rule";

/**
 * Pod sysctls must be safe: in the `safe` allowlist (when it is not empty)
 * and without an `unsafePrefixes` prefix (kube-linter's denylist reading).
 */
export const unsafeSysctls: ResourceRule = {
  perResource: (ctx) => {
    const safe = new Set(stringListParam(ctx, "safeSysctls"));
    const unsafePrefixes = stringListParam(ctx, "unsafePrefixes");
    return (r) => {
      if (!r.podSpec || !r.podSpecPath) return;
      asArray(get(r.podSpec, ["securityContext", "sysctls"])).forEach((sysctl, i) => {
        const name = isObj(sysctl) ? String(sysctl.name) : "";
        const denied = unsafePrefixes.some((prefix) => name.startsWith(prefix));
        if (!denied && (safe.size === 0 || safe.has(name))) return;
        ctx.report(r, [...r.podSpecPath!, "securityContext", "sysctls", i, "name"], `${r.ref.kind} ${r.ref.name} sets an unsafe sysctl (${name})`);
      });
    };
  },
};
