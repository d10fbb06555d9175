import { isObj } from "../resources";
import type { ResourceRule } from "../rule";

/**
 * The API token is not mounted: the pod names its ServiceAccount and either
 * sets automountServiceAccountToken: false itself, or leaves it unset and the
 * ServiceAccount (in the manifests) sets it to false.
 */
export const serviceAccountToken: ResourceRule = {
  perResource: (ctx) => (w) => {
    if (!w.podSpec || !w.podSpecPath) return;
    const name = w.podSpec.serviceAccountName;
    const podSetting = w.podSpec.automountServiceAccountToken;
    if (podSetting === false && typeof name === "string") return;
    if (podSetting === undefined && typeof name === "string") {
      const account = ctx.index.named(w.namespace, "ServiceAccount", name);
      if (account && isObj(account.object) && account.object.automountServiceAccountToken === false) return;
    }
    const field = typeof name !== "string" ? "serviceAccountName" : "automountServiceAccountToken";
    ctx.report(w, [...w.podSpecPath, field], `${w.ref.kind} ${w.ref.name} mounts a service-account token (name its ServiceAccount and set automountServiceAccountToken: false)`);
  },
};
