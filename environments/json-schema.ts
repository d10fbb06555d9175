/**
 * The environment format as standalone JSON Schema documents for editors
 * (yaml-language-server) and other tools, from the same TypeBox schema the
 * loader validates with.
 */
import { EnvironmentSchema, ServiceSchema } from "./schema";
import { relaxDefaultedRequired } from "./_schema-validator";

type Json = Record<string, unknown>;

const BASE_ID = "https://gitops-forge.io/schemas";

/**
 * A plain JSON copy (TypeBox marks schemas with symbols) where defaulted fields
 * are optional, and shared schemas (`$ref` to an `$id` in a `$defs`, which keep
 * the loader's validator small) are written out in place: a self-contained
 * document every editor reads, and `partial` reaches into them.
 */
function plain(schema: unknown): Json {
  const copy = relaxDefaultedRequired(JSON.parse(JSON.stringify(schema)));
  const shared = new Map<string, Json>();
  collectShared(copy, shared);
  return inlineShared(copy, shared) as Json;
}

function collectShared(node: unknown, shared: Map<string, Json>): void {
  if (node === null || typeof node !== "object") return;
  for (const value of Object.values(node)) collectShared(value, shared);
  const defs = (node as Json).$defs as Record<string, Json> | undefined;
  for (const def of Object.values(defs ?? {})) if (typeof def.$id === "string") shared.set(def.$id, def);
}

function inlineShared(node: unknown, shared: Map<string, Json>): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineShared(item, shared));
  if (node === null || typeof node !== "object") return node;
  const { $defs: _defs, $id: _id, ...rest } = node as Json;
  const target = typeof rest.$ref === "string" ? shared.get(rest.$ref) : undefined;
  const { $ref: _ref, ...own } = rest;
  const source = target ? { ...inlineShared(target, shared) as Json, ...own } : rest;
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [key, inlineShared(value, shared)]));
}

/**
 * A complete environment: what one file says when it extends nothing, or what
 * a file and its parents say together. `serviceDefaults` takes any service
 * field, none of them required.
 */
export function environmentJsonSchema(): Json {
  const schema = plain(EnvironmentSchema);
  (schema.properties as Json).serviceDefaults = { ...partial(plain(ServiceSchema)), description: "merged under every service" };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `${BASE_ID}/environment.schema.json`,
    title: "gitops-forge environment (complete)",
    ...schema,
  };
}

/**
 * An environment file as written: every field may come from the file it
 * `extends` (mappings merge key by key), so nothing is required in a mapping,
 * and `null` removes an inherited key. List items are never merged, so they
 * stay complete.
 */
export function partialEnvironmentJsonSchema(): Json {
  const { $schema, $id: _id, title: _title, ...complete } = environmentJsonSchema();
  return { $schema, $id: `${BASE_ID}/environment-partial.schema.json`, title: "gitops-forge environment file (fields may be inherited through extends)", ...partial(complete) };
}

function partial(schema: Json): Json {
  if (schema.type !== "object") return schema;
  const out: Json = { ...schema };
  delete out.required;
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, Json>).map(([key, value]) => [key, nullable(partial(value))]));
  }
  if (out.patternProperties) {
    out.patternProperties = Object.fromEntries(Object.entries(out.patternProperties as Record<string, Json>).map(([key, value]) => [key, nullable(partial(value))]));
  }
  if (out.additionalProperties && typeof out.additionalProperties === "object") out.additionalProperties = nullable(partial(out.additionalProperties as Json));
  return out;
}

/** `null` removes an inherited key. */
function nullable(schema: Json): Json {
  return { anyOf: [schema, { type: "null" }] };
}
