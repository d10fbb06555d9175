import { isRecord } from "./objects";
import { quantityOf as parseQuantity } from "../../environments/source/quantity";
import { joinKey, removedFields } from "./removed-fields";

/** One field whose live value differs from the generated one; `undefined` means absent. */
export interface FieldChange {
  path: string;
  live: unknown;
  generated: unknown;
}

/** Keys under which values are resource quantities, so `1000m` equals `1` and `1Gi` equals `1024Mi`. */
const QUANTITY_PARENTS = new Set(["requests", "limits", "hard", "default", "defaultRequest", "max", "min", "allocatable", "capacity"]);

/**
 * Compares the fields the generated object sets against the live object.
 * Fields only the live object has are what the API server defaulted or other
 * controllers own: they are not drift (status and server-managed metadata
 * never appear in generated objects), unless a previous sync applied them
 * and the generated object dropped them (see removedFields). Lists of named
 * items (containers, ports, env) are matched by name.
 */
export function compareToLive(generated: unknown, live: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  walk(generated, live, "", "", out);
  const seen = new Set(out.map((c) => c.path));
  return [...out, ...removedFields(generated, live).filter((c) => !seen.has(c.path))];
}

/** `key` is the field `gen` sits under; values directly inside a quantity map compare as quantities. */
function walk(gen: unknown, live: unknown, path: string, key: string, out: FieldChange[], inQuantityMap = false): void {
  if (isRecord(gen)) {
    if (!isRecord(live)) return void out.push({ path, live, generated: gen });
    for (const k of Object.keys(gen).sort()) walk(gen[k], live[k], joinKey(path, k), k, out, QUANTITY_PARENTS.has(key));
    return;
  }
  if (Array.isArray(gen)) {
    if (!Array.isArray(live)) return void out.push({ path, live, generated: gen });
    if (isNamedList(gen) && isNamedList(live)) return walkNamed(gen, live, path, out);
    if (gen.length !== live.length) return void out.push({ path, live, generated: gen });
    gen.forEach((g, i) => walk(g, live[i], `${path}[${i}]`, key, out));
    return;
  }
  if (!sameScalar(gen, live, inQuantityMap)) out.push({ path, live, generated: gen });
}

function walkNamed(gen: Record<string, unknown>[], live: Record<string, unknown>[], path: string, out: FieldChange[]): void {
  const liveByName = new Map(live.map((item) => [item.name as string, item]));
  for (const item of gen) walk(item, liveByName.get(item.name as string), `${path}[name=${item.name}]`, "", out);
  const generatedNames = new Set(gen.map((item) => item.name));
  for (const item of live) if (!generatedNames.has(item.name)) out.push({ path: `${path}[name=${item.name}]`, live: item, generated: undefined });
}

function isNamedList(list: unknown[]): list is Record<string, unknown>[] {
  return list.length > 0 && list.every((item) => isRecord(item) && typeof item.name === "string");
}

function sameScalar(gen: unknown, live: unknown, quantities: boolean): boolean {
  if (gen === live) return true;
  if (quantities) {
    const a = parseQuantity(gen);
    return a !== undefined && a === parseQuantity(live);
  }
  return false;
}

