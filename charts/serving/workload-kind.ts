import type { ResolvedService } from "../../environments/schema";
import { ARGO_ROLLOUTS_API_VERSION, isRollout } from "./rollout";

export type WorkloadKind = "Deployment" | "StatefulSet" | "Rollout";

/**
 * The kind of a service's workload: a StatefulSet for `stateful`, an Argo
 * Rollout for canary or blue-green delivery (the loader refuses both at once),
 * else a Deployment.
 */
export function workloadKind(svc: ResolvedService): WorkloadKind {
  if (svc.stateful) return "StatefulSet";
  return isRollout(svc) ? "Rollout" : "Deployment";
}

/** What an autoscaler (HPA, VPA, KEDA) scales: the object that owns the service's pods. */
export function scaleTarget(svc: ResolvedService): { apiVersion: string; kind: WorkloadKind; name: string } {
  const kind = workloadKind(svc);
  return { apiVersion: kind === "Rollout" ? ARGO_ROLLOUTS_API_VERSION : "apps/v1", kind, name: svc.name };
}
