import type { ResourceIndex } from "./resource-index";
import { isEmptySelector, labelSelector, mapSelector } from "./resource-index";
import { usesGpu } from "./gpu";
import { asArray, get, isObj, type Container, type Obj, type Resource } from "./resources";
import { stringListParam, type RuleContext } from "./rule";

/** Declared replicas; Kubernetes defaults an unset count to 1. */
export function replicasOf(r: Resource): number {
  const value = get(r.object, ["spec", "replicas"]);
  return typeof value === "number" ? value : 1;
}

const memos = new WeakMap<ResourceIndex, Map<string, unknown>>();

/** Computes a derived index once per run, shared by the rules that need it. */
export function memo<T>(index: ResourceIndex, key: string, compute: () => T): T {
  let table = memos.get(index);
  if (!table) memos.set(index, (table = new Map()));
  if (!table.has(key)) table.set(key, compute());
  return table.get(key) as T;
}

/** For each workload, the Services whose selector picks its pods. */
export function servicesByWorkload(index: ResourceIndex): Map<Resource, Resource[]> {
  return memo(index, "servicesByWorkload", () => {
    const out = new Map<Resource, Resource[]>();
    for (const svc of index.ofKind("Service")) {
      const selector = mapSelector(get(svc.object, ["spec", "selector"]));
      if (isEmptySelector(selector)) continue;
      for (const w of index.workloadsSelectedBy(svc.namespace, selector)) {
        const list = out.get(w);
        if (list) list.push(svc);
        else out.set(w, [svc]);
      }
    }
    return out;
  });
}

/**
 * Autoscalers by the workload they scale: HorizontalPodAutoscalers, and KEDA
 * ScaledObjects (KEDA runs an HPA for each; its target kind defaults to Deployment).
 */
export function hpasByTarget(index: ResourceIndex): Map<string, Resource[]> {
  return memo(index, "hpasByTarget", () => byTarget([...index.ofKind("HorizontalPodAutoscaler"), ...index.ofKind("ScaledObject")], ["spec", "scaleTargetRef"]));
}

/** VerticalPodAutoscalers by the workload they size (`namespace/kind/name`). */
export function vpasByTarget(index: ResourceIndex): Map<string, Resource[]> {
  return memo(index, "vpasByTarget", () => byTarget(index.ofKind("VerticalPodAutoscaler"), ["spec", "targetRef"]));
}

/** Scalers by their target; a ScaledObject's kind defaults to Deployment, as KEDA's does. */
function byTarget(scalers: Resource[], refPath: string[]): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const scaler of scalers) {
    const kind = get(scaler.object, [...refPath, "kind"]) ?? (scaler.ref.kind === "ScaledObject" ? "Deployment" : undefined);
    const key = targetKey(scaler.namespace, kind, get(scaler.object, [...refPath, "name"]));
    const list = out.get(key);
    if (list) list.push(scaler);
    else out.set(key, [scaler]);
  }
  return out;
}

/** The fewest replicas an autoscaler keeps (a ScaledObject may scale to zero). */
export function autoscalerMinReplicas(autoscaler: Resource): unknown {
  return autoscaler.ref.kind === "ScaledObject" ? (get(autoscaler.object, ["spec", "minReplicaCount"]) ?? 0) : (get(autoscaler.object, ["spec", "minReplicas"]) ?? 1);
}

export function targetKey(namespace: string, kind: unknown, name: unknown): string {
  return `${namespace}/${String(kind)}/${String(name)}`;
}

/** Workloads selected by at least one object of a kind (PDBs) through `selectorPath`. */
export function workloadsCoveredBy(index: ResourceIndex, kind: string, selectorPath: string[]): Set<Resource> {
  const covered = new Set<Resource>();
  for (const r of index.ofKind(kind)) {
    for (const w of index.workloadsSelectedBy(r.namespace, labelSelector(get(r.object, selectorPath)))) covered.add(w);
  }
  return covered;
}

/** Replicas a workload runs at least: its HPA's minReplicas when autoscaled, else spec.replicas. */
export function minimumReplicas(index: ResourceIndex, w: Resource): number {
  const hpas = hpasByTarget(index).get(targetKey(w.namespace, w.ref.kind, w.ref.name));
  if (!hpas) return replicasOf(w);
  return Math.min(...hpas.map((hpa) => {
    const min = get(hpa.object, ["spec", "minReplicas"]);
    return typeof min === "number" ? min : 1;
  }));
}

/** Declared container ports by name and number (only those of `protocol` when given; unset means TCP). */
export function declaredPorts(containers: Container[], protocol?: string): { names: Set<string>; numbers: Set<number> } {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const c of containers) {
    for (const port of asArray(c.value.ports)) {
      if (!isObj(port) || (protocol !== undefined && (port.protocol ?? "TCP") !== protocol)) continue;
      if (typeof port.name === "string") names.add(port.name);
      if (typeof port.containerPort === "number") numbers.add(port.containerPort);
    }
  }
  return { names, numbers };
}

/** Whether a label map matches `key: value` pairs given as a parameter. */
export function hasLabels(labels: Record<string, string>, wanted: Obj): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** How a workload is recognized as serving, besides its labels. */
const SERVING_SIGNS = ["selected-by-service", "requests-gpus"] as const;

/**
 * Whether a workload serves: labelled so (`servingLabels`), else, unless
 * labelled otherwise (`notServingLabels`), by what it does: a Service selects
 * its pods, or it requests GPUs (the signs listed in `recognizeBy`).
 */
export function servingPredicate(ctx: RuleContext): (w: Resource) => boolean {
  const serving = objParam(ctx, "servingLabels");
  const notServing = objParam(ctx, "notServingLabels");
  const signs = stringListParam(ctx, "recognizeBy");
  const unknown = signs.find((s) => !(SERVING_SIGNS as readonly string[]).includes(s));
  if (unknown !== undefined) throw new Error(`parameter recognizeBy: unknown sign "${unknown}" (${SERVING_SIGNS.join(", ")})`);
  const gpuResources = stringListParam(ctx, "gpuResources");
  const services = signs.includes("selected-by-service") ? servicesByWorkload(ctx.index) : undefined;
  const byGpus = signs.includes("requests-gpus");
  return (w) => {
    if (Object.keys(serving).length > 0 && hasLabels(w.labels, serving)) return true;
    if (Object.keys(notServing).length > 0 && hasLabels(w.labels, notServing)) return false;
    return services?.has(w) === true || (byGpus && usesGpu(w, gpuResources));
  };
}

function objParam(ctx: RuleContext, name: string): Obj {
  const value = ctx.params[name];
  if (!isObj(value)) throw new Error(`parameter ${name} must be a mapping of labels`);
  return value;
}
