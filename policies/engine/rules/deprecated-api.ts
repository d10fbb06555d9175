import { isObj } from "../resources";
import type { Rule } from "../rule";

/** Parameter `replacements`: `"<apiVersion>/<Kind>"` or `"<apiVersion>"` → the API version to use instead. */
export const deprecatedApi: Rule = (ctx) => {
  const replacements = ctx.params.replacements;
  if (!isObj(replacements)) throw new Error(`policy ${ctx.policy.id}: parameter replacements must be a mapping`);
  for (const r of ctx.resources) {
    const use = replacements[`${r.ref.apiVersion}/${r.ref.kind}`] ?? replacements[r.ref.apiVersion];
    if (typeof use !== "string") continue;
    ctx.report(r, ["apiVersion"], `${r.ref.kind} uses deprecated API ${r.ref.apiVersion}; use ${use}`);
  }
};
