import { gpuNodeTarget, gpuParams, usesGpu } from "../gpu";
import type { Rule } from "../rule";

/** A CPU-only pod pinned to GPU nodes occupies capacity GPU workloads need. */
export const nonGpuTargetsGpuNodes: Rule = (ctx) => {
  const params = gpuParams(ctx);
  for (const r of ctx.resources) {
    if (usesGpu(r, params.resources)) continue;
    const path = gpuNodeTarget(r, params.nodeLabels);
    if (path) ctx.report(r, path, `${r.ref.kind} ${r.ref.name} requests no GPU but targets GPU nodes`);
  }
};
