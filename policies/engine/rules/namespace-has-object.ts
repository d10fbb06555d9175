import { stringParam, type Rule } from "../rule";

/** Every Namespace carries a companion object of the kind named by the `kind` parameter. */
export const namespaceHasObject: Rule = (ctx) => {
  const kind = stringParam(ctx, "kind");
  for (const ns of ctx.resources) {
    if (ctx.index.inNamespace(ns.ref.name, kind).length > 0) continue;
    ctx.report(ns, ["metadata", "name"], `Namespace ${ns.ref.name} has no ${kind}`);
  }
};
