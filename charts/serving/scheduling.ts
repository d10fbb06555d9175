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
  const tolerations = [...(gpu.tolerations ?? []), ...(svc.tolerations ?? [])];
  return {
    topologySpreadConstraints: ([
      [ZONE_KEY, spread.zone],
      [HOST_KEY, spread.host],
    ] as const).map(([topologyKey, { maxSkew, whenUnsatisfiable }]) => ({
      topologyKey,
      maxSkew,
      whenUnsatisfiable,
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ["pod-template-hash"],
    })),
    ...(svc.priorityClassName ? { priorityClassName: svc.priorityClassName } : {}),
    ...(svc.nodeSelector ? { nodeSelector: svc.nodeSelector } : {}),
    ...(tolerations.length ? { tolerations } : {}),
    ...(gpu.affinity ? { affinity: gpu.affinity } : {}),
  };
}

/** GPU pods tolerate their pool's taint and require its node label; CPU pods get neither. */
function gpuPlacement(env: ResolvedEnvironment, svc: ResolvedService): Partial<k8s.PodSpec> {
  if (!svc.gpu) return {};
  const pool = env.gpuPools[svc.gpu.pool]!;
  const { key, value, effect } = pool.taint;
  return {
    tolerations: [value === undefined ? { key, operator: "Exists", effect } : { key, operator: "Equal", value, effect }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: pool.nodeLabel.key, operator: "In", values: [pool.nodeLabel.value] }] }],
        },
      },
    },
  };
}
