/**
 * Strategic merge patch, as kubectl and Kustomize apply it to the kinds
 * gitops-forge generates: maps merge key by key (`null` deletes), lists of
 * named things merge by their merge key (containers by name, ports by
 * containerPort or port, volumeMounts by mountPath, ...), other lists are
 * replaced. The directives `$patch: delete` (on a list item or a map) and
 * `$patch: replace` (on a map) work as in Kubernetes.
 */
type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The merge key of a list field, from the Kubernetes API's x-kubernetes-patch-merge-key. */
function mergeKeyOf(field: string, items: Json[]): string | undefined {
  switch (field) {
    case "containers":
    case "initContainers":
    case "ephemeralContainers":
    case "volumes":
    case "env":
    case "imagePullSecrets":
    case "resourceClaims":
      return "name";
    case "volumeMounts":
      return "mountPath";
    case "volumeDevices":
      return "devicePath";
    case "hostAliases":
      return "ip";
    case "topologySpreadConstraints":
      return "topologyKey";
    case "ownerReferences":
      return "uid";
    case "ports":
      // Container ports merge by containerPort, Service ports by port.
      return items.some((i) => isObj(i) && "containerPort" in i) ? "containerPort" : "port";
    default:
      return undefined;
  }
}

export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  if (patch.$patch === "delete") return undefined;
  const base = isObj(target) && patch.$patch !== "replace" ? target : {};
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch") continue;
    if (value === null) delete out[key];
    else if (Array.isArray(value)) out[key] = mergeList(out[key], value, key);
    else {
      const merged = strategicMerge(out[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
  }
  return out;
}

function mergeList(target: Json, patch: Json[], field: string): Json[] {
  const key = mergeKeyOf(field, patch);
  if (!key || !Array.isArray(target)) return patch.filter((item) => !(isObj(item) && item.$patch === "delete"));
  const out = [...target];
  for (const item of patch) {
    if (!isObj(item) || !(key in item)) {
      out.push(item);
      continue;
    }
    const at = out.findIndex((existing) => isObj(existing) && existing[key] === item[key]);
    if (item.$patch === "delete") {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = strategicMerge(out[at], item);
    else out.push(strategicMerge({}, item));
  }
  return out;
}

/** JSON merge patch (RFC 7386): maps merge, `null` deletes, everything else replaces. */
export function jsonMerge(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = jsonMerge(out[key], value);
  }
  return out;
}
