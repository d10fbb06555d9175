import { GPU_POOL_LABEL, GPU_RESOURCE, isRecord, type GeneratedObject } from "./objects";
import { quantityOf as parseQuantity } from "../../environments/source/quantity";

/** A generated object that runs pods, with the replica range its HPA (if any) allows. */
export interface Workload {
  source: GeneratedObject;
  namespace: string;
  podSpec: Record<string, unknown>;
  podLabels: Record<string, string>;
  minReplicas: number;
  maxReplicas: number;
  /** Pods it runs beyond its minimum replicas while it updates (see updateSurge). */
  surge: number;
  /** How it updates, as the findings about that surge name it. */
  update: string;
}

/** An Argo Rollout runs its pods from a template as a Deployment does. */
const POD_TEMPLATE_KINDS = new Set(["Deployment", "StatefulSet", "ReplicaSet", "Rollout"]);
/** Batch kinds run one pod at a time (gitops-forge sets no parallelism) while a run lasts: it counts against quotas and Pod Security as any pod. */
const BATCH_KINDS = new Set(["Job", "CronJob"]);

/** The pod template of a workload; a CronJob's is inside its Job template. */
function podTemplateOf(object: GeneratedObject["object"]): Record<string, unknown> | undefined {
  if (!isRecord(object.spec)) return undefined;
  const holder = object.kind === "CronJob" ? (isRecord(object.spec.jobTemplate) && isRecord(object.spec.jobTemplate.spec) ? object.spec.jobTemplate.spec : undefined) : object.spec;
  return holder && isRecord(holder.template) ? holder.template : undefined;
}

/** The spec of each generated HorizontalPodAutoscaler, by the `namespace/Kind/name` it scales. */
export function autoscalersByTarget(generated: readonly GeneratedObject[]): Map<string, Record<string, unknown>> {
  const scalers = new Map<string, Record<string, unknown>>();
  for (const { object } of generated) {
    if (object.kind !== "HorizontalPodAutoscaler" || !isRecord(object.spec)) continue;
    const target = object.spec.scaleTargetRef;
    if (isRecord(target)) scalers.set(`${object.metadata.namespace}/${target.kind}/${target.name}`, object.spec);
  }
  return scalers;
}

export function workloadsOf(generated: readonly GeneratedObject[]): Workload[] {
  const scalers = autoscalersByTarget(generated);
  const out: Workload[] = [];
  for (const source of generated) {
    const { object } = source;
    const template = POD_TEMPLATE_KINDS.has(object.kind) || BATCH_KINDS.has(object.kind) ? podTemplateOf(object) : undefined;
    if (!template || !isRecord(object.spec)) continue;
    const podSpec = isRecord(template.spec) ? template.spec : {};
    const podLabels = isRecord(template.metadata) && isRecord(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
    const namespace = object.metadata.namespace ?? "default";
    const hpa = scalers.get(`${namespace}/${object.kind}/${object.metadata.name}`);
    const replicas = typeof object.spec.replicas === "number" ? object.spec.replicas : 1;
    const minReplicas = hpa ? (typeof hpa.minReplicas === "number" ? hpa.minReplicas : 1) : replicas;
    const maxReplicas = hpa && typeof hpa.maxReplicas === "number" ? hpa.maxReplicas : minReplicas;
    out.push({ source, namespace, podSpec, podLabels, minReplicas, maxReplicas, ...updateSurge(object.kind, object.spec, minReplicas) });
  }
  return out;
}

/**
 * The pods a workload runs beside its `replicas` while it updates: a rolling
 * update's maxSurge (Kubernetes' default 25%, a percentage rounded up; none
 * for Recreate); a blue-green Rollout's new version at full size beside the
 * old until the old is scaled down, as a canary Rollout with traffic routing
 * at its last step; a canary without it surges like a Deployment.
 * StatefulSets replace pods one at a time, and Jobs do not update.
 */
export function updateSurge(kind: string, spec: Record<string, unknown>, replicas: number): { surge: number; update: string } {
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  if (kind === "Rollout") {
    if (isRecord(strategy.blueGreen)) return { surge: replicas, update: "a blue-green rollout runs the new version at full size beside the old" };
    const canary = isRecord(strategy.canary) ? strategy.canary : {};
    if (isRecord(canary.trafficRouting)) return { surge: replicas, update: "a canary with traffic routing runs the new version at full size beside the old before the old scales down" };
    return { surge: surgeOf(canary.maxSurge, replicas), update: "a canary rollout surges by its maxSurge" };
  }
  if (kind !== "Deployment" || strategy.type === "Recreate") return { surge: 0, update: "" };
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  return { surge: surgeOf(rolling.maxSurge, replicas), update: "a rolling update surges by its maxSurge" };
}

function surgeOf(maxSurge: unknown, replicas: number): number {
  const value = maxSurge ?? "25%";
  if (typeof value === "number") return value;
  const percent = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
  return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : 0;
}

export function containersOf(podSpec: Record<string, unknown>, field: "containers" | "initContainers" = "containers"): Record<string, unknown>[] {
  const list = podSpec[field];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/**
 * What one pod asks for of `resource` under `kind` (requests default to limits,
 * as the API server defaults them): the containers' sum, or the largest init
 * container if that is more. Undefined when a container leaves it unset.
 */
export function podResource(podSpec: Record<string, unknown>, kind: "requests" | "limits", resource: string): { total: number; unsetIn: string[] } {
  const amount = (c: Record<string, unknown>): number | undefined => {
    const res = isRecord(c.resources) ? c.resources : {};
    const own = isRecord(res[kind]) ? parseQuantity(res[kind][resource]) : undefined;
    if (own !== undefined || kind === "limits") return own;
    return isRecord(res.limits) ? parseQuantity(res.limits[resource]) : undefined;
  };
  const unsetIn: string[] = [];
  let sum = 0;
  for (const c of containersOf(podSpec)) {
    const a = amount(c);
    if (a === undefined) unsetIn.push(String(c.name));
    sum += a ?? 0;
  }
  const initMax = Math.max(0, ...containersOf(podSpec, "initContainers").map((c) => amount(c) ?? 0));
  return { total: Math.max(sum, initMax), unsetIn };
}

/** GPUs one pod of the workload needs (0 for CPU services). */
export function gpusPerPod(podSpec: Record<string, unknown>): number {
  return podResource(podSpec, "requests", GPU_RESOURCE).total;
}

export function gpuPoolOf(workload: Workload): string {
  return workload.podLabels[GPU_POOL_LABEL] ?? "(no pool label)";
}

/** A running pod of a generated workload is replaced by the sync: what it holds is not taken by others. */
export function isReplacedBySync(pod: Record<string, unknown>, workloads: readonly Workload[]): boolean {
  const meta = isRecord(pod.metadata) ? pod.metadata : {};
  const labels = isRecord(meta.labels) ? meta.labels : {};
  return workloads.some((w) => {
    const spec = w.source.object.spec;
    const selector = isRecord(spec) && isRecord(spec.selector) && isRecord(spec.selector.matchLabels) ? spec.selector.matchLabels : undefined;
    return meta.namespace === w.namespace && selector !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
}
