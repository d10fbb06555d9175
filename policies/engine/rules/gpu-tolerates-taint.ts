import { gpuParams, gpuTolerationIndex, usesGpu } from "../gpu";
import type { Rule } from "../rule";

/** GPU pools are tainted; a GPU pod without the toleration stays Pending. */
export const gpuToleratesTaint: Rule = (ctx) => {
  const params = gpuParams(ctx);
  for (const r of ctx.resources) {
    if (!r.podSpecPath || !usesGpu(r, params.resources) || gpuTolerationIndex(r, params.taintKeys) >= 0) continue;
    ctx.report(r, [...r.podSpecPath, "tolerations"], `${r.ref.kind} ${r.ref.name} requests GPUs but does not tolerate the GPU taint (${params.taintKeys.join(", ")})`);
  }
};
