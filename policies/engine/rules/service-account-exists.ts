import { isObj } from "../resources";
import type { Rule } from "../rule";

/** A pod that names a ServiceAccount absent from the manifests fails to start. */
export const serviceAccountExists: Rule = (ctx) => {
  for (const w of ctx.resources) {
    if (!w.podSpec || !w.podSpecPath) continue;
    const name = w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount;
    if (typeof name !== "string" || name === "default" || name === "") continue;
    if (ctx.index.named(w.namespace, "ServiceAccount", name)) continue;
    const field = isObj(w.podSpec) && w.podSpec.serviceAccountName !== undefined ? "serviceAccountName" : "serviceAccount";
    ctx.report(w, [...w.podSpecPath, field], `${w.ref.kind} ${w.ref.name}: ServiceAccount ${name} is not defined in namespace ${w.namespace}`);
  }
};
