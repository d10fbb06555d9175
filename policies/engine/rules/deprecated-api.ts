import { ApiVersionKindMemo } from "../kind-memo";
import { isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** Parameter `replacements`: `"<apiVersion>/<Kind>"` or `"<apiVersion>"` → the API version to use instead. */
export const deprecatedApi: ResourceRule = {
  perResource: (ctx) => {
    const replacements = ctx.params.replacements;
    if (!isObj(replacements)) throw new Error(`policy ${ctx.policy.id}: parameter replacements must be a mapping`);
    const replacementOf = new Map(Object.entries(replacements));
    // Looked up once per apiVersion and kind, not per object.
    const memo = new ApiVersionKindMemo<unknown>();
    const find = (apiVersion: string, kind: string) => replacementOf.get(`${apiVersion}/${kind}`) ?? replacementOf.get(apiVersion);
    return (r) => {
      const use = memo.get(r.ref.apiVersion, r.ref.kind, find);
      if (typeof use !== "string") return;
      ctx.report(r, ["apiVersion"], `${r.ref.kind} uses deprecated API ${r.ref.apiVersion}; use ${use}`);
    };
  },
};
