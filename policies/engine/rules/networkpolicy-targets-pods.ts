import { isEmptySelector, labelSelector } from "../resource-index";
import { get } from "../resources";
import type { ResourceRule } from "../rule";

/** A NetworkPolicy whose podSelector matches nothing protects nothing (an empty selector means all pods). */
export const networkPolicyTargetsPods: ResourceRule = {
  perResource: (ctx) => (np) => {
    const selector = labelSelector(get(np.object, ["spec", "podSelector"]));
    if (isEmptySelector(selector)) return;
    if (ctx.index.workloadsSelectedBy(np.namespace, selector).length === 0) {
      ctx.report(np, ["spec", "podSelector"], `NetworkPolicy ${np.ref.name}: podSelector matches no pods in namespace ${np.namespace}`);
    }
  },
};
