import { isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** A pod that names a ServiceAccount absent from the manifests fails to start. */
export const serviceAccountExists: ResourceRule = {
  perResource: (ctx) => (w) => {
    if (!w.podSpec || !w.podSpecPath) return;
    const name = w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount;
    if (typeof name !== "string" || name === "default" || name === "") return;
    if (ctx.index.named(w.namespace, "ServiceAccount", name)) return;
    const field = isObj(w.podSpec) && w.podSpec.serviceAccountName !== undefined ? "serviceAccountName" : "serviceAccount";
    ctx.report(w, [...w.podSpecPath, field], `${w.ref.kind} ${w.ref.name}: ServiceAccount ${name} is not defined in namespace ${w.namespace}`);
  },
};
