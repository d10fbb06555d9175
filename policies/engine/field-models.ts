/**
 * Known fields of core Kubernetes types, from the model classes of
 * @kubernetes/client-node (each has an attribute type map), so that unknown
 * fields — a misspelled `replicass` that the API server's strict field
 * validation rejects — are caught offline, as `kubeconform -strict` does.
 */
type TypeMap = Array<{ baseName: string; type: string }>;
type Models = Record<string, { getAttributeTypeMap?: () => TypeMap } | undefined>;

let models: Models | undefined;

export async function loadFieldModels(): Promise<void> {
  models ??= (await import("@kubernetes/client-node")) as unknown as Models;
}

const fieldCache = new Map<string, Map<string, string> | null>();

/** Field name → type name of a model type, or null for types without fields (maps, primitives). */
export function fieldsOf(typeName: string): Map<string, string> | null {
  let fields = fieldCache.get(typeName);
  if (fields === undefined) {
    const map = models?.[typeName]?.getAttributeTypeMap?.();
    fields = map ? new Map(map.map((a) => [a.baseName, a.type])) : null;
    fieldCache.set(typeName, fields);
  }
  return fields;
}

/** Model type of a core object: `apps/v1` Deployment → V1Deployment; undefined for custom resources. */
export function modelTypeOf(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  if (group !== "" && group!.includes(".") && !group!.endsWith(".k8s.io")) return undefined;
  const name = `${version!.charAt(0).toUpperCase()}${version!.slice(1)}${kind}`;
  return fieldsOf(name) ? name : undefined;
}
