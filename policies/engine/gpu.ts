import { asArray, get, isObj, type Resource } from "./resources";
import { stringListParam, type RuleContext } from "./rule";

interface GpuParams {
  resources: string[];
  taintKeys: string[];
  nodeLabels: string[];
}

export function gpuParams(ctx: RuleContext): GpuParams {
  return {
    resources: stringListParam(ctx, "gpuResources"),
    taintKeys: stringListParam(ctx, "taintKeys"),
    nodeLabels: stringListParam(ctx, "nodeLabels"),
  };
}

/** A workload is a GPU workload when any container requests or limits a GPU resource. */
export function usesGpu(r: Resource, gpuResources: string[]): boolean {
  return r.containers.some((c) =>
    gpuResources.some((key) => get(c.value, ["resources", "limits", key]) !== undefined || get(c.value, ["resources", "requests", key]) !== undefined),
  );
}

/** Index of the first toleration that tolerates one of the taint keys (a key-less Exists tolerates all). */
export function gpuTolerationIndex(r: Resource, taintKeys: string[]): number {
  return asArray(r.podSpec?.tolerations).findIndex((t) => {
    if (!isObj(t)) return false;
    const effectOk = t.effect === undefined || t.effect === "" || t.effect === "NoSchedule" || t.effect === "NoExecute";
    const keyOk = t.key === undefined || t.key === "" ? t.operator === "Exists" : taintKeys.includes(String(t.key));
    return effectOk && keyOk;
  });
}

/** Path of the first nodeSelector entry or required node-affinity expression that selects GPU nodes. */
export function gpuNodeTarget(r: Resource, nodeLabels: string[]): Array<string | number> | undefined {
  const spec = r.podSpec;
  if (!spec || !r.podSpecPath) return undefined;
  for (const key of Object.keys(isObj(spec.nodeSelector) ? spec.nodeSelector : {})) {
    if (nodeLabels.includes(key)) return [...r.podSpecPath, "nodeSelector", key];
  }
  const terms = asArray(get(spec, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]));
  for (let i = 0; i < terms.length; i++) {
    const exprs = asArray(get(terms[i], ["matchExpressions"]));
    for (let j = 0; j < exprs.length; j++) {
      const e = exprs[j];
      if (isObj(e) && nodeLabels.includes(String(e.key)) && (e.operator === "In" || e.operator === "Exists")) {
        return [...r.podSpecPath, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", i, "matchExpressions", j];
      }
    }
  }
  return undefined;
}
