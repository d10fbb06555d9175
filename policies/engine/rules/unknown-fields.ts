import { fieldsOf, modelTypeOf } from "../field-models";
import { isObj } from "../resources";
import type { Path, Rule } from "../rule";

/** Most unknown fields reported per object. */
const MAX_PER_OBJECT = 5;

type Shape = { array: string } | { map: string } | { fields: Map<string, string> } | null;
const shapes = new Map<string, Shape>();

/** What a model type name describes, parsed once per type. */
function shapeOf(type: string): Shape {
  let shape = shapes.get(type);
  if (shape === undefined) {
    const array = /^Array<(.+)>$/.exec(type);
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    const fields = fieldsOf(type);
    shape = array ? { array: array[1]! } : map ? { map: map[1]! } : fields ? { fields } : null;
    shapes.set(type, shape);
  }
  return shape;
}

/** Fields the API server's strict validation would reject, on core kinds. */
export const unknownFields: Rule = (ctx) => {
  for (const r of ctx.resources) {
    const type = modelTypeOf(r.ref.apiVersion, r.ref.kind);
    if (!type) continue;
    const found: Path[] = [];
    walk(r.object, type, [], found);
    for (const path of found.slice(0, MAX_PER_OBJECT)) {
      ctx.report(r, path, `${r.ref.kind} ${r.ref.name}: unknown field "${String(path[path.length - 1])}" (strict field validation rejects it)`);
    }
  }
};

/** Walks `value` as `type`; `path` is a stack, copied only when a finding is recorded. */
function walk(value: unknown, type: string, path: Path, found: Path[]): void {
  const shape = shapeOf(type);
  if (!shape || value === null || typeof value !== "object") return;
  if ("array" in shape) {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], shape.array, path, found);
      path.pop();
    }
    return;
  }
  if (!isObj(value)) return;
  for (const key in value) {
    const childType = "map" in shape ? shape.map : shape.fields.get(key);
    path.push(key);
    if (childType === undefined) found.push([...path]);
    else walk(value[key], childType, path, found);
    path.pop();
  }
}
