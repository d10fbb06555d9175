import { isObj } from "../resources";
import type { ResourceRule } from "../rule";

/**
 * The API token is not mounted: the pod sets automountServiceAccountToken:
 * false itself, or leaves it unset and names a ServiceAccount (in the
 * manifests) that sets it to false. Which account a pod uses is
 * default-service-account's concern.
 */
export const serviceAccountToken: ResourceRule = {
  perResource: (ctx) => (w) => {
    if (!w.podSpec || !w.podSpecPath) return;
    const name = w.podSpec.serviceAccountName;
    const podSetting = w.podSpec.automountServiceAccountToken;
    if (podSetting === false) return;
    if (podSetting === undefined && typeof name === "string") {
      const account = ctx.index.named(w.namespace, "ServiceAccount", name);
      if (account && isObj(account.object) && account.object.automountServiceAccountToken === false) return;
    }
    const field = typeof name !== "string" ? "serviceAccountName" : "automountServiceAccountToken";
    ctx.report(w, [...w.podSpecPath, field], `${w.ref.kind} ${w.ref.name} mounts a service-account token (name its ServiceAccount and set automountServiceAccountToken: false)`);
  },
};
