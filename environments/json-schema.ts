/**
 * The environment format as standalone JSON Schema documents for editors
 * (yaml-language-server) and other tools, from the same TypeBox schema the
 * loader validates with.
 */
import { EnvironmentSchema, ServiceSchema } from "./schema";
import { relaxDefaultedRequired } from "./_schema-validator";

type Json = Record<string, unknown>;

const BASE_ID = "https://gitops-forge.io/schemas";

/** A plain JSON copy (TypeBox marks schemas with symbols) where defaulted fields are optional. */
function plain(schema: unknown): Json {
  return relaxDefaultedRequired(JSON.parse(JSON.stringify(schema)));
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
