import type { ResourceIndex } from "./resource-index";
import { isEmptySelector, labelSelector, mapSelector } from "./resource-index";
import { asArray, get, isObj, type Container, type Obj, type Resource } from "./resources";

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

/** HorizontalPodAutoscalers by `namespace/kind/name` of their scale target. */
export function hpasByTarget(index: ResourceIndex): Map<string, Resource[]> {
  return memo(index, "hpasByTarget", () => byTarget(index.ofKind("HorizontalPodAutoscaler"), ["spec", "scaleTargetRef"]));
}

/** VerticalPodAutoscalers by the workload they size (`namespace/kind/name`). */
export function vpasByTarget(index: ResourceIndex): Map<string, Resource[]> {
  return memo(index, "vpasByTarget", () => byTarget(index.ofKind("VerticalPodAutoscaler"), ["spec", "targetRef"]));
}

function byTarget(scalers: Resource[], refPath: string[]): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const scaler of scalers) {
    const key = targetKey(scaler.namespace, get(scaler.object, [...refPath, "kind"]), get(scaler.object, [...refPath, "name"]));
    const list = out.get(key);
    if (list) list.push(scaler);
    else out.set(key, [scaler]);
  }
  return out;
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
