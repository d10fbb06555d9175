import { asArray, get, isObj } from "../resources";
import { stringParam, type ResourceRule } from "../rule";
import { hasLabels } from "../workloads";

/** Serving workloads need alerts: a PrometheusRule labelled for them with at least one alerting rule. */
export const servingHasAlerts: ResourceRule = {
  perResource: (ctx) => {
    const serving = isObj(ctx.params.servingLabels) ? ctx.params.servingLabels : {};
    const matchLabel = stringParam(ctx, "matchLabel");
    return (w) => {
      if (!hasLabels(w.labels, serving)) return;
      const value = w.labels[matchLabel];
      const rules = value === undefined ? [] : ctx.index.objectsSelectedBy(w.namespace, "PrometheusRule", { matchLabels: { [matchLabel]: value }, matchExpressions: [] });
      const alerting = rules.some((pr) => asArray(get(pr.object, ["spec", "groups"])).some((g) => asArray(get(g, ["rules"])).some((r) => isObj(r) && typeof r.alert === "string")));
      if (!alerting) ctx.report(w, ["metadata", "labels"], `serving ${w.ref.kind} ${w.ref.name} has no PrometheusRule alert labelled ${matchLabel}=${value ?? "(unset)"}`);
    };
  },
};
