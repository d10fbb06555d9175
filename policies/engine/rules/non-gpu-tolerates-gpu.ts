import { gpuParams, gpuTolerationIndex, usesGpu } from "../gpu";
import type { ResourceRule } from "../rule";

/** A CPU-only pod that tolerates the GPU taint can land on, and burn, GPU capacity. */
export const nonGpuToleratesGpu: ResourceRule = {
  perResource: (ctx) => {
    const params = gpuParams(ctx);
    return (r) => {
      if (!r.podSpecPath || usesGpu(r, params.resources)) return;
      const i = gpuTolerationIndex(r, params.taintKeys);
      if (i < 0) return;
      ctx.report(r, [...r.podSpecPath, "tolerations", i], `${r.ref.kind} ${r.ref.name} requests no GPU but tolerates the GPU taint`);
    };
  },
};
