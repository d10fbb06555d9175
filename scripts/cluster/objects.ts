/** The shape every Kubernetes object shares, and how findings name one. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** A generated object and the file it came from (relative to the repo root). */
export interface GeneratedObject {
  file: string;
  object: KubeObject;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `Kind/namespace/name` (`Kind/name` when cluster-scoped), as `validate` names resources. */
export function describeObject(object: Pick<KubeObject, "kind" | "metadata">): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

/** Identity of an object across generated files and live listings. */
export function objectKey(object: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): string {
  const { group } = splitApiVersion(object.apiVersion);
  return `${group}/${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The mappings in a list (`items`, `versions`...), ignoring anything else. */
export function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Labels every generated object carries (shared conventions). */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "gitops-forge";
export const ENVIRONMENT_LABEL = "gitops-forge.io/environment";
export const GPU_POOL_LABEL = "gitops-forge.io/gpu-pool";
export const GPU_RESOURCE = "nvidia.com/gpu";
