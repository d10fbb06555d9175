import { gpuParams, gpuTolerationIndex, usesGpu } from "../gpu";
import type { ResourceRule } from "../rule";

/** GPU pools are tainted; a GPU pod without the toleration stays Pending. */
export const gpuToleratesTaint: ResourceRule = {
  perResource: (ctx) => {
    const params = gpuParams(ctx);
    return (r) => {
      if (!r.podSpecPath || !usesGpu(r, params.resources) || gpuTolerationIndex(r, params.taintKeys) >= 0) return;
      ctx.report(r, [...r.podSpecPath, "tolerations"], `${r.ref.kind} ${r.ref.name} requests GPUs but does not tolerate the GPU taint (${params.taintKeys.join(", ")})`);
    };
  },
};
