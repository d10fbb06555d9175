import { labelSelector, matches } from "../resource-index";
import { get } from "../resources";
import type { ResourceRule } from "../rule";

/** A workload whose selector does not select its own pod template never becomes ready. */
export const selectorMatchesTemplate: ResourceRule = {
  perResource: (ctx) => (r) => {
    if (!r.podSpecPath || r.ref.kind === "Pod" || r.ref.kind === "Job" || r.ref.kind === "CronJob") return;
    const raw = get(r.object, ["spec", "selector"]);
    if (raw === undefined) return;
    const selector = r.ref.kind === "ReplicationController" ? { matchLabels: raw as Record<string, string>, matchExpressions: [] } : labelSelector(raw);
    // The template's own labels: an unlabelled template matches no selector (the API server rejects it).
    const templateLabels = get(r.object, [...r.podSpecPath.slice(0, -1), "metadata", "labels"]) ?? {};
    if (!matches(templateLabels as Record<string, string>, selector)) {
      ctx.report(r, ["spec", "selector"], `${r.ref.kind} ${r.ref.name}: selector does not match the pod template labels`);
    }
  },
};
