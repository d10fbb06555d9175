import { gpuNodeTarget, gpuParams, usesGpu } from "../gpu";
import type { ResourceRule } from "../rule";

/** A GPU pod must require GPU nodes of its pool, not wait for the scheduler to guess. */
export const gpuTargetsGpuNodes: ResourceRule = {
  perResource: (ctx) => {
    const params = gpuParams(ctx);
    return (r) => {
      if (!r.podSpecPath || !usesGpu(r, params.resources) || gpuNodeTarget(r, params.nodeLabels)) return;
      ctx.report(r, [...r.podSpecPath, "affinity"], `${r.ref.kind} ${r.ref.name} requests GPUs but does not require GPU nodes (${params.nodeLabels.join(", ")})`);
    };
  },
};
