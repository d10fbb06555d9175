import type { FieldChange } from "./compare";
import { isRecord } from "./objects";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
/** Field managers through which the generated manifests reach the cluster (Argo CD's sync, this tool). */
const APPLIERS = new Set(["argocd-controller", "gitops-forge"]);

/**
 * Fields a previous sync applied that the generated object no longer sets:
 * the next sync removes them, so they are drift even though only the live
 * object has them. What was applied comes from the last-applied annotation
 * (client-side apply, Argo CD's default) or from the `managedFields` of an
 * applier (server-side apply).
 */
export function removedFields(generated: unknown, live: Record<string, unknown>): FieldChange[] {
  const out = new Map<string, FieldChange>();
  const meta = isRecord(live.metadata) ? live.metadata : {};
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const lastApplied = parseJson(annotations[LAST_APPLIED]);
  if (isRecord(lastApplied)) walkApplied(lastApplied, generated, live, "", out);
  const managed = Array.isArray(meta.managedFields) ? meta.managedFields.filter(isRecord) : [];
  for (const entry of managed) {
    if (entry.operation === "Apply" && APPLIERS.has(String(entry.manager)) && isRecord(entry.fieldsV1)) walkOwned(entry.fieldsV1, generated, live, "", out);
  }
  return [...out.values()].filter((c) => !c.path.startsWith(`metadata.annotations[${JSON.stringify(LAST_APPLIED)}]`));
}

function walkApplied(applied: unknown, gen: unknown, live: unknown, path: string, out: Map<string, FieldChange>): void {
  if (isRecord(applied)) {
    for (const key of Object.keys(applied)) {
      const childPath = joinKey(path, key);
      const g = isRecord(gen) ? gen[key] : undefined;
      const l = isRecord(live) ? live[key] : undefined;
      if (g === undefined) {
        if (l !== undefined) out.set(childPath, { path: childPath, live: l, generated: undefined });
      } else {
        walkApplied(applied[key], g, l, childPath, out);
      }
    }
  } else if (Array.isArray(applied) && applied.every((i) => isRecord(i) && typeof i.name === "string")) {
    for (const item of applied as Record<string, unknown>[]) {
      const match = (list: unknown) => (Array.isArray(list) ? list.find((i) => isRecord(i) && i.name === item.name) : undefined);
      const childPath = `${path}[name=${item.name}]`;
      const g = match(gen);
      const l = match(live);
      if (g === undefined) {
        if (l !== undefined) out.set(childPath, { path: childPath, live: l, generated: undefined });
      } else {
        walkApplied(item, g, l, childPath, out);
      }
    }
  }
}

/** fieldsV1: `f:<field>` for fields, `k:{"name":"x"}` for keyed list items, `.` for the item itself. */
function walkOwned(fields: Record<string, unknown>, gen: unknown, live: unknown, path: string, out: Map<string, FieldChange>): void {
  for (const [key, sub] of Object.entries(fields)) {
    let childPath: string;
    let g: unknown;
    let l: unknown;
    if (key.startsWith("f:")) {
      const name = key.slice(2);
      childPath = joinKey(path, name);
      g = isRecord(gen) ? gen[name] : undefined;
      l = isRecord(live) ? live[name] : undefined;
    } else if (key.startsWith("k:")) {
      const itemKey = parseJson(key.slice(2));
      if (!isRecord(itemKey)) continue;
      const matches = (i: unknown) => isRecord(i) && Object.entries(itemKey).every(([k, v]) => i[k] === v);
      g = Array.isArray(gen) ? gen.find(matches) : undefined;
      l = Array.isArray(live) ? live.find(matches) : undefined;
      // Named items get the path compareToLive gives them, so one change is reported once.
      const named = isRecord(l) && typeof l.name === "string" ? { name: l.name } : itemKey;
      childPath = `${path}[${Object.entries(named).map(([k, v]) => `${k}=${v}`).join(",")}]`;
    } else {
      continue; // `.`, and set members (`v:`) and positions (`i:`), which compareToLive covers
    }
    if (g === undefined) {
      if (l !== undefined) out.set(childPath, { path: childPath, live: l, generated: undefined });
    } else if (isRecord(sub)) {
      walkOwned(sub, g, l, childPath, out);
    }
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function joinKey(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}
