import { gpuNodeTarget, gpuParams, usesGpu } from "../gpu";
import type { ResourceRule } from "../rule";

/** A CPU-only pod pinned to GPU nodes occupies capacity GPU workloads need. */
export const nonGpuTargetsGpuNodes: ResourceRule = {
  perResource: (ctx) => {
    const params = gpuParams(ctx);
    return (r) => {
      if (usesGpu(r, params.resources)) return;
      const path = gpuNodeTarget(r, params.nodeLabels);
      if (path) ctx.report(r, path, `${r.ref.kind} ${r.ref.name} requests no GPU but targets GPU nodes`);
    };
  },
};
