import { isEmptySelector, labelSelector } from "../resource-index";
import { asArray, get, isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** An ingress or egress peer that selects pods of the policy's namespace must select some. */
export const networkPolicyPeersTargetPods: ResourceRule = {
  perResource: (ctx) => (np) => {
    for (const [direction, peers] of [["ingress", "from"], ["egress", "to"]] as const) {
      asArray(get(np.object, ["spec", direction])).forEach((rule, i) => {
        asArray(get(rule, [peers])).forEach((peer, j) => {
          if (!isObj(peer) || peer.namespaceSelector !== undefined || peer.podSelector === undefined) return;
          const selector = labelSelector(peer.podSelector);
          if (isEmptySelector(selector)) return;
          if (ctx.index.workloadsSelectedBy(np.namespace, selector).length === 0) {
            ctx.report(np, ["spec", direction, i, peers, j, "podSelector"], `NetworkPolicy ${np.ref.name}: ${direction} peer selects no pods in namespace ${np.namespace}`);
          }
        });
      });
    }
  },
};
