import { isObj } from "../resources";
import type { Rule } from "../rule";

/**
 * The API token is not mounted: the pod sets automountServiceAccountToken:
 * false itself, or leaves it unset and names a ServiceAccount (in the
 * manifests) that sets it to false. Which account a pod uses is
 * default-service-account's concern.
 */
export const serviceAccountToken: Rule = (ctx) => {
  for (const w of ctx.resources) {
    if (!w.podSpec || !w.podSpecPath) continue;
    const name = w.podSpec.serviceAccountName;
    const podSetting = w.podSpec.automountServiceAccountToken;
    if (podSetting === false) continue;
    if (podSetting === undefined && typeof name === "string") {
      const account = ctx.index.named(w.namespace, "ServiceAccount", name);
      if (account && isObj(account.object) && account.object.automountServiceAccountToken === false) continue;
    }
    const field = typeof name !== "string" ? "serviceAccountName" : "automountServiceAccountToken";
    ctx.report(w, [...w.podSpecPath, field], `${w.ref.kind} ${w.ref.name} mounts a service-account token (name its ServiceAccount and set automountServiceAccountToken: false)`);
  }
};
