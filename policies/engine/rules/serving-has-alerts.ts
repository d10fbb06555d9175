import { asArray, get, isObj, type Resource } from "../resources";
import { stringParam, type ResourceRule } from "../rule";
import { servingPredicate } from "../workloads";

/** The alerting rules of a PrometheusRule. */
function alerts(pr: Resource): Array<Record<string, unknown>> {
  return asArray(get(pr.object, ["spec", "groups"])).flatMap((g) => asArray(get(g, ["rules"])).filter((r): r is Record<string, unknown> => isObj(r) && typeof r.alert === "string"));
}

/**
 * Serving workloads need alerts: a PrometheusRule labelled for them with at
 * least one alerting rule, or, for a workload without that label (a
 * third-party bundle), an alert in its namespace whose expression names it.
 */
export const servingHasAlerts: ResourceRule = {
  perResource: (ctx) => {
    const isServing = servingPredicate(ctx);
    const matchLabel = stringParam(ctx, "matchLabel");
    const namesWorkload = (expr: unknown, name: string) => typeof expr === "string" && new RegExp(`(^|[^a-z0-9-])${name.replace(/\./g, "\\.")}($|[^a-z0-9-])`).test(expr);
    return (w) => {
      if (!isServing(w)) return;
      const value = w.labels[matchLabel];
      const alerting =
        value !== undefined
          ? ctx.index.objectsSelectedBy(w.namespace, "PrometheusRule", { matchLabels: { [matchLabel]: value }, matchExpressions: [] }).some((pr) => alerts(pr).length > 0)
          : ctx.index.inNamespace(w.namespace, "PrometheusRule").some((pr) => alerts(pr).some((a) => namesWorkload(a.expr, w.ref.name)));
      if (alerting) return;
      const wanted = value !== undefined ? `labelled ${matchLabel}=${value}` : `labelled ${matchLabel} or naming it in its expression`;
      ctx.report(w, ["metadata", "labels"], `serving ${w.ref.kind} ${w.ref.name} has no PrometheusRule alert ${wanted}`);
    };
  },
};
