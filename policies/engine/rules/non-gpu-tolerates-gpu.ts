import { gpuParams, gpuTolerationIndex, usesGpu } from "../gpu";
import type { Rule } from "../rule";

/** A CPU-only pod that tolerates the GPU taint can land on, and burn, GPU capacity. */
export const nonGpuToleratesGpu: Rule = (ctx) => {
  const params = gpuParams(ctx);
  for (const r of ctx.resources) {
    if (!r.podSpecPath || usesGpu(r, params.resources)) continue;
    const i = gpuTolerationIndex(r, params.taintKeys);
    if (i < 0) continue;
    ctx.report(r, [...r.podSpecPath, "tolerations", i], `${r.ref.kind} ${r.ref.name} requests no GPU but tolerates the GPU taint`);
  }
};
