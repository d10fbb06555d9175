import type { ManifestInput, ResourceRef } from "./types";

export type Obj = Record<string, unknown>;

export const ENVIRONMENT_LABEL = "gitops-forge.io/environment";

/** Kinds that live outside namespaces; every other kind defaults to the `default` namespace. */
const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "PriorityClass", "StorageClass", "IngressClass", "RuntimeClass", "APIService", "CSIDriver", "VolumeAttachment",
  "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ClusterIssuer",
]);

/** Where the pod template lives in each workload kind. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  // Argo Rollouts: a Deployment with progressive delivery.
  Rollout: ["spec", "template", "spec"],
};

export interface Container {
  value: Obj;
  list: "containers" | "initContainers" | "ephemeralContainers";
  /** Path of the container inside the document. */
  path: Array<string | number>;
  name: string;
}

/** A manifest with what every rule needs computed once. */
export interface Resource {
  input: ManifestInput;
  object: Obj;
  ref: ResourceRef;
  /** Namespace used for indexing (cluster-scoped objects: ""). */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  environment?: string;
  podSpec?: Obj;
  podSpecPath?: Array<string | number>;
  /** Labels of the pods a workload creates. */
  podLabels?: Record<string, string>;
  containers: Container[];
}

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function get(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The string entries of a mapping (labels, annotations, selectors): the
 * mapping itself when all its values are strings, as generated ones are
 * (shared with the input, so read only), else a copy of those entries.
 */
export function stringMap(value: unknown): Record<string, string> {
  if (!isObj(value)) return {};
  for (const k in value) {
    if (typeof value[k] === "string") continue;
    const out: Record<string, string> = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (typeof v === "string") out[key] = v;
    }
    return out;
  }
  return value as Record<string, string>;
}

function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** Environment: label, else the run's environment, else `generated/<env>/` in the path. */
function environmentOf(labels: Record<string, string>, file: string, fallback?: string): string | undefined {
  const label = labels[ENVIRONMENT_LABEL];
  if (label) return label;
  if (fallback) return fallback;
  const match = /(?:^|[\\/])generated[\\/]([^\\/]+)[\\/]/.exec(file);
  return match && match[1] !== "argocd" ? match[1] : undefined;
}

/** Per workload kind: its pod spec, its template's labels and its selector's matchLabels. */
const POD_PATHS = new Map(
  Object.entries(POD_SPEC_PATHS).map(([kind, spec]) => [
    kind,
    { spec: [...spec], templateLabels: [...spec.slice(0, -1), "metadata", "labels"], selectorLabels: [...spec.slice(0, -2), "selector", "matchLabels"] },
  ]),
);

export function toResource(input: ManifestInput, environment?: string): Resource {
  const object = input.object;
  const metadata = isObj(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === "string" ? object.kind : "";
  const labels = stringMap(metadata.labels);
  const namespace = isClusterScoped(kind) ? "" : typeof metadata.namespace === "string" ? metadata.namespace : "default";
  const ref: ResourceRef = {
    apiVersion: typeof object.apiVersion === "string" ? object.apiVersion : "",
    kind,
    name: typeof metadata.name === "string" ? metadata.name : typeof metadata.generateName === "string" ? metadata.generateName : "",
  };
  if (namespace) ref.namespace = namespace;
  const resource: Resource = {
    input,
    object,
    ref,
    namespace,
    labels,
    annotations: stringMap(metadata.annotations),
    containers: [],
  };
  const env = environmentOf(labels, input.file, environment);
  if (env) resource.environment = env;
  const paths = POD_PATHS.get(kind);
  if (!paths) return resource;
  const specPath = paths.spec;
  // Pod labels count even without a pod spec: selectors still match them.
  const templateLabels = stringMap(get(object, paths.templateLabels));
  // A template without labels is judged by the selector it must match.
  const selectorLabels = () => stringMap(get(object, paths.selectorLabels));
  resource.podLabels = kind === "Pod" ? labels : Object.keys(templateLabels).length > 0 ? templateLabels : selectorLabels();
  const podSpec = get(object, specPath);
  if (isObj(podSpec)) {
    resource.podSpec = podSpec;
    resource.podSpecPath = specPath;
    for (const list of ["initContainers", "containers", "ephemeralContainers"] as const) {
      asArray(podSpec[list]).forEach((value, i) => {
        if (!isObj(value)) return;
        const name = typeof value.name === "string" ? value.name : `#${i}`;
        resource.containers.push({ value, list, path: [...specPath, list, i], name });
      });
    }
  }
  return resource;
}

export function refString(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
