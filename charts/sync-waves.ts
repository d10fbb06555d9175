import type { ApiObject } from "cdk8s";

export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/**
 * Argo CD applies lower waves first and waits for them to be healthy:
 * namespaces, then the guard rails that must exist before any pod (quotas,
 * limits, network policies, identities, configuration), then workloads, and
 * last the custom resources whose operators must already be running.
 */
const WAVES: Record<string, number> = {
  Namespace: -3,
  PriorityClass: -3,
  ResourceQuota: -2,
  LimitRange: -2,
  NetworkPolicy: -2,
  ServiceAccount: -1,
  Role: -1,
  RoleBinding: -1,
  ClusterRole: -1,
  ClusterRoleBinding: -1,
  ConfigMap: -1,
  // A Rollout's AnalysisTemplate must exist when the Rollout starts its analysis.
  AnalysisTemplate: -1,
  Deployment: 0,
  Rollout: 0,
  StatefulSet: 0,
  // With the pods that mount it: a WaitForFirstConsumer claim stays Pending (unhealthy to Argo CD) until one does.
  PersistentVolumeClaim: 0,
  Service: 0,
  HorizontalPodAutoscaler: 0,
  PodDisruptionBudget: 0,
  // A hook Job runs in its own phase (a PreSync migration before every wave of the Sync phase), after its identity and NetworkPolicy.
  Job: 0,
  CronJob: 0,
  Ingress: 1,
  // Its operator (the VPA admission controller and recommender) must be running.
  VerticalPodAutoscaler: 2,
  ServiceMonitor: 2,
  PrometheusRule: 2,
  AlertmanagerConfig: 2,
  Schedule: 3,
  ScaledObject: 1,
  // Extra manifests: secrets and identities before the pods that read them.
  ExternalSecret: -1,
  SealedSecret: -1,
};

/** Kinds the charts do not generate (extra manifests) go with the custom resources, after the workloads. */
const OTHER_KINDS_WAVE = 2;

export function syncWave(kind: string): number {
  return WAVES[kind] ?? OTHER_KINDS_WAVE;
}

/** Stamps every object with its kind's wave. */
export function applySyncWaves(objects: Iterable<ApiObject>): void {
  for (const object of objects) object.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(syncWave(object.kind)));
}
