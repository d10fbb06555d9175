import { compareToLive, type FieldChange } from "./compare";
import { collectionPath, Discovery, objectPath, type ResourceInfo } from "./discovery";
import { describeObject, ENVIRONMENT_LABEL, isRecord, MANAGED_BY_LABEL, MANAGED_BY_VALUE, objectKey, type GeneratedObject, type KubeObject } from "./objects";
import { mapWithConcurrency } from "../lib/pool";
import type { KubeTransport } from "./transport";
import { autoscalersByTarget } from "./workloads";

/**
 * Kinds gitops-forge generates. Listed even when no generated object has
 * them any more, so a kind dropped entirely still shows up as prunable.
 */
const GENERATED_KINDS: ReadonlyArray<{ apiVersion: string; kind: string }> = [
  { apiVersion: "v1", kind: "Namespace" },
  { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass" },
  { apiVersion: "v1", kind: "ResourceQuota" },
  { apiVersion: "v1", kind: "LimitRange" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "v1", kind: "ConfigMap" },
  { apiVersion: "v1", kind: "ServiceAccount" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding" },
  { apiVersion: "apps/v1", kind: "Deployment" },
  // Not Job: a CronJob's Jobs carry its labels, and hook Jobs are Argo CD's to delete.
  { apiVersion: "batch/v1", kind: "CronJob" },
  { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout" },
  { apiVersion: "argoproj.io/v1alpha1", kind: "AnalysisTemplate" },
  { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler" },
  { apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler" },
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget" },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" },
  { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
  { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule" },
  { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor" },
  { apiVersion: "chaos-mesh.org/v1alpha1", kind: "Schedule" },
  { apiVersion: "velero.io/v1", kind: "Schedule" },
  { apiVersion: "argoproj.io/v1alpha1", kind: "Application" },
  { apiVersion: "argoproj.io/v1alpha1", kind: "ApplicationSet" },
  { apiVersion: "argoproj.io/v1alpha1", kind: "AppProject" },
];

export interface ChangedObject {
  object: string;
  file: string;
  changes: FieldChange[];
}

export interface DiffReport {
  command: "cluster diff";
  environment: string;
  context: string;
  objects: number;
  unchanged: number;
  changed: ChangedObject[];
  /** Generated objects the cluster does not have yet (Argo CD would create them). */
  notLive: Array<{ object: string; file: string; reason: string }>;
  /** Live objects labelled as managed by gitops-forge for this environment that are no longer generated. */
  prune: Array<{ object: string }>;
}

/**
 * Live objects against generated ones: one listing per kind (managed objects
 * of this environment), one read for each generated object the listings did
 * not return (it may exist without our labels).
 */
export async function runDiff(environment: string, generated: readonly GeneratedObject[], transport: KubeTransport, concurrency: number): Promise<DiffReport> {
  const kinds = uniqueKinds([...generated.map((g) => g.object), ...GENERATED_KINDS]);
  const discovery = await Discovery.load(transport, kinds.map((k) => k.apiVersion), concurrency);
  const resources = kinds.map((k) => discovery.resource(k.apiVersion, k.kind)).filter((r): r is ResourceInfo => r !== undefined);
  const selector = encodeURIComponent(`${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${ENVIRONMENT_LABEL}=${environment}`);
  const lists = await mapWithConcurrency(resources, concurrency, async (info) => {
    const items = await transport.list(`${collectionPath(info)}?labelSelector=${selector}`, `list ${info.plural} (${info.apiVersion})`);
    // List items carry no apiVersion/kind of their own.
    return items.map((item) => ({ ...item, apiVersion: info.apiVersion, kind: info.kind }) as KubeObject);
  });
  const live = new Map<string, KubeObject>();
  for (const item of lists.flat()) {
    const owned = Array.isArray(item.metadata.ownerReferences) && item.metadata.ownerReferences.length > 0;
    if (!owned) live.set(objectKey(item), item); // objects owned by another are pruned with their owner
  }

  const report: DiffReport = { command: "cluster diff", environment, context: transport.target.context, objects: generated.length, unchanged: 0, changed: [], notLive: [], prune: [] };
  const lookups = await mapWithConcurrency(generated, concurrency, async (g) => {
    const info = discovery.resource(g.object.apiVersion, g.object.kind);
    if (!info) return { g, info, liveObject: undefined };
    const listed = live.get(objectKey(g.object));
    const read = listed ?? (await transport.read(objectPath(info, g.object), `read ${describeObject(g.object)}`));
    return { g, info, liveObject: isRecord(read) ? read : undefined };
  });
  const autoscaled = autoscalersByTarget(generated);
  const generatedKeys = new Set<string>();
  for (const { g, info, liveObject } of lookups) {
    generatedKeys.add(objectKey(g.object));
    const object = describeObject(g.object);
    if (!info) {
      report.notLive.push({ object, file: g.file, reason: `the cluster does not serve ${g.object.apiVersion} ${g.object.kind}` });
    } else if (liveObject === undefined) {
      report.notLive.push({ object, file: g.file, reason: "not created yet" });
    } else {
      // The autoscaler owns the replica count once it runs; its value is not drift.
      const scaled = autoscaled.has(`${g.object.metadata.namespace}/${g.object.kind}/${g.object.metadata.name}`);
      const changes = compareToLive(g.object, liveObject).filter((c) => !(scaled && c.path === "spec.replicas"));
      if (changes.length === 0) report.unchanged++;
      else report.changed.push({ object, file: g.file, changes });
    }
  }
  for (const [key, item] of live) if (!generatedKeys.has(key)) report.prune.push({ object: describeObject(item) });
  report.prune.sort((a, b) => a.object.localeCompare(b.object));
  return report;
}

function uniqueKinds(objects: ReadonlyArray<{ apiVersion: string; kind: string }>): Array<{ apiVersion: string; kind: string }> {
  const seen = new Map<string, { apiVersion: string; kind: string }>();
  for (const { apiVersion, kind } of objects) seen.set(`${apiVersion} ${kind}`, { apiVersion, kind });
  return [...seen.values()].sort((a, b) => `${a.apiVersion} ${a.kind}`.localeCompare(`${b.apiVersion} ${b.kind}`));
}
