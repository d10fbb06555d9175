import { fieldsOf, modelTypeOf } from "../field-models";
import { isObj } from "../resources";
import type { Path, ResourceRule } from "../rule";

/** Most unknown fields reported per object. */
const MAX_PER_OBJECT = 5;

/** A type name whose shape is looked up on first use (model types refer to each other, some cyclically). */
interface TypeRef {
  type: string;
  shape?: Shape | null;
}

type Shape = { kind: "array"; of: TypeRef } | { kind: "map"; of: TypeRef } | { kind: "fields"; fields: Map<string, TypeRef> };
const shapes = new Map<string, Shape | null>();

/** What a model type name describes, parsed once per type. */
function shapeOf(type: string): Shape | null {
  let shape = shapes.get(type);
  if (shape === undefined) {
    const array = /^Array<(.+)>$/.exec(type);
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    const fields = fieldsOf(type);
    shape = array
      ? { kind: "array", of: { type: array[1]! } }
      : map
        ? { kind: "map", of: { type: map[1]! } }
        : fields
          ? { kind: "fields", fields: new Map([...fields].map(([name, fieldType]) => [name, { type: fieldType }])) }
          : null;
    shapes.set(type, shape);
  }
  return shape;
}

function resolve(ref: TypeRef): Shape | null {
  if (ref.shape === undefined) ref.shape = shapeOf(ref.type);
  return ref.shape;
}

/** Fields the API server's strict validation would reject, on core kinds. */
export const unknownFields: ResourceRule = {
  perResource: (ctx) => (r) => {
    const type = modelTypeOf(r.ref.apiVersion, r.ref.kind);
    const shape = type ? shapeOf(type) : null;
    if (!shape) return;
    const found: Path[] = [];
    walk(r.object, shape, [], found);
    for (const path of found.slice(0, MAX_PER_OBJECT)) {
      ctx.report(r, path, `${r.ref.kind} ${r.ref.name}: unknown field "${String(path[path.length - 1])}" (strict field validation rejects it)`);
    }
  },
};

/**
 * Walks `value` as `shape`; `path` is a stack, copied only when a finding is
 * recorded. Values whose type has no fields (strings, numbers, free-form maps)
 * are not descended into.
 */
function walk(value: unknown, shape: Shape, path: Path, found: Path[]): void {
  if (value === null || typeof value !== "object") return;
  if (shape.kind === "array") {
    const item = resolve(shape.of);
    if (!item || !Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], item, path, found);
      path.pop();
    }
    return;
  }
  if (!isObj(value)) return;
  if (shape.kind === "map") {
    const entry = resolve(shape.of);
    if (!entry) return;
    for (const key in value) {
      path.push(key);
      walk(value[key], entry, path, found);
      path.pop();
    }
    return;
  }
  for (const key in value) {
    const field = shape.fields.get(key);
    if (field === undefined) {
      found.push([...path, key]);
      continue;
    }
    const child = resolve(field);
    if (!child) continue;
    path.push(key);
    walk(value[key], child, path, found);
    path.pop();
  }
}
