import { isEmptySelector, labelSelector } from "../resource-index";
import { get } from "../resources";
import type { Rule } from "../rule";

/** A NetworkPolicy whose podSelector matches nothing protects nothing (an empty selector means all pods). */
export const networkPolicyTargetsPods: Rule = (ctx) => {
  for (const np of ctx.resources) {
    const selector = labelSelector(get(np.object, ["spec", "podSelector"]));
    if (isEmptySelector(selector)) continue;
    if (ctx.index.workloadsSelectedBy(np.namespace, selector).length === 0) {
      ctx.report(np, ["spec", "podSelector"], `NetworkPolicy ${np.ref.name}: podSelector matches no pods in namespace ${np.namespace}`);
    }
  }
};
