import { isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** Parameter `replacements`: `"<apiVersion>/<Kind>"` or `"<apiVersion>"` → the API version to use instead. */
export const deprecatedApi: ResourceRule = {
  perResource: (ctx) => {
    const replacements = ctx.params.replacements;
    if (!isObj(replacements)) throw new Error(`policy ${ctx.policy.id}: parameter replacements must be a mapping`);
    // A Map: looking a computed key up in a plain object costs far more per object.
    const replacementOf = new Map(Object.entries(replacements));
    return (r) => {
      const use = replacementOf.get(`${r.ref.apiVersion}/${r.ref.kind}`) ?? replacementOf.get(r.ref.apiVersion);
      if (typeof use !== "string") return;
      ctx.report(r, ["apiVersion"], `${r.ref.kind} uses deprecated API ${r.ref.apiVersion}; use ${use}`);
    };
  },
};
