import { fieldsOf, modelTypeOf } from "../field-models";
import { isObj } from "../resources";
import type { Path, Rule } from "../rule";

/** Most unknown fields reported per object. */
const MAX_PER_OBJECT = 5;

/** Fields the API server's strict validation would reject, on core kinds. */
export const unknownFields: Rule = (ctx) => {
  for (const r of ctx.resources) {
    const type = modelTypeOf(r.ref.apiVersion, r.ref.kind);
    if (!type) continue;
    const found: Array<[Path, string]> = [];
    walk(r.object, type, [], found);
    for (const [path, name] of found.slice(0, MAX_PER_OBJECT)) {
      ctx.report(r, path, `${r.ref.kind} ${r.ref.name}: unknown field "${name}" (strict field validation rejects it)`);
    }
  }
};

function walk(value: unknown, type: string, path: Path, found: Array<[Path, string]>): void {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, array[1]!, [...path, i], found));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (isObj(value)) for (const [k, v] of Object.entries(value)) walk(v, map[1]!, [...path, k], found);
    return;
  }
  const fields = fieldsOf(type);
  if (!fields || !isObj(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childType = fields.get(key);
    if (childType === undefined) found.push([[...path, key], key]);
    else walk(child, childType, [...path, key], found);
  }
}
