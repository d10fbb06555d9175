import * as k8s from "../imports/k8s";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { DEFAULT_SPREAD } from "../../environments/format/scheduling";

const ZONE_KEY = "topology.kubernetes.io/zone";
const HOST_KEY = "kubernetes.io/hostname";

/**
 * Where the pods go: spread across zones and hosts (DEFAULT_SPREAD unless
 * configured), the priority class, node selection, extra tolerations, and
 * for GPU services their pool's.
 */
export function placement(env: ResolvedEnvironment, svc: ResolvedService, selector: Record<string, string>): Partial<k8s.PodSpec> {
  const spread = svc.topologySpread ?? DEFAULT_SPREAD;
  const gpu = gpuPlacement(env, svc);
  const tolerations = [...gpu.tolerations, ...(svc.tolerations ?? [])];
  const nodeLabels = Object.entries(svc.nodeSelector ?? {});
  const nodeSelector = Object.fromEntries(nodeLabels.filter((e): e is [string, string] => typeof e[1] === "string"));
  // A label that may take one of several values has no nodeSelector form: it joins the GPU pool's required expression.
  const matchExpressions = [...gpu.matchExpressions, ...nodeLabels.flatMap(([key, values]) => (Array.isArray(values) ? [{ key, operator: "In", values }] : []))];
  return {
    topologySpreadConstraints: ([
      [ZONE_KEY, spread.zone],
      [HOST_KEY, spread.host],
    ] as const).map(([topologyKey, { maxSkew, whenUnsatisfiable }]) => ({
      topologyKey,
      maxSkew,
      whenUnsatisfiable,
      labelSelector: { matchLabels: selector },
      // Spread each revision on its own: the label a Deployment's ReplicaSet, or a StatefulSet's controller, puts on its pods.
      matchLabelKeys: [svc.stateful ? "controller-revision-hash" : "pod-template-hash"],
    })),
    ...(svc.priorityClassName ? { priorityClassName: svc.priorityClassName } : {}),
    ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
    ...(tolerations.length ? { tolerations } : {}),
    ...(matchExpressions.length ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } } } : {}),
  };
}

/** GPU pods tolerate their pool's taint and require its node label; CPU pods get neither. */
function gpuPlacement(env: ResolvedEnvironment, svc: ResolvedService): { tolerations: k8s.Toleration[]; matchExpressions: k8s.NodeSelectorRequirement[] } {
  if (!svc.gpu) return { tolerations: [], matchExpressions: [] };
  const pool = env.gpuPools[svc.gpu.pool]!;
  const { key, value, effect } = pool.taint;
  return {
    tolerations: [value === undefined ? { key, operator: "Exists", effect } : { key, operator: "Equal", value, effect }],
    matchExpressions: [{ key: pool.nodeLabel.key, operator: "In", values: [pool.nodeLabel.value] }],
  };
}
