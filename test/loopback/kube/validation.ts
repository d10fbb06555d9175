import * as k8s from "@kubernetes/client-node";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { ResourceType } from "./resources";
import type { StatusCause } from "./status";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the API server finds wrong with a request body before admission. */
export interface BodyProblems {
  /** Fields the schema does not declare (`.spec.template.spec.containers[name="x"].imagePullPolcy`). */
  unknownFields: string[];
  /** Schema and semantic validation failures, as `Status` causes. */
  causes: StatusCause[];
}

/** Built-in kinds: kubernetes-models' validators (the published OpenAPI schema) plus unknown-field detection. */
export function validateBuiltIn(type: ResourceType, body: Json): BodyProblems {
  const unknownFields: string[] = [];
  const modelName = `${type.version[0]!.toUpperCase()}${type.version.slice(1)}${type.kind}`;
  walkModel(body, modelName, "", unknownFields);
  const causes: StatusCause[] = [];
  try {
    new type.model!(body).validate();
  } catch (err) {
    causes.push(...ajvCauses((err as { errors?: ErrorObject[] }).errors ?? [], body));
  }
  causes.push(...semanticCauses(type, body));
  return { unknownFields, causes };
}

/**
 * The client's generated models carry the OpenAPI attribute map of every
 * built-in type (JSON name and type); a field missing from it is one the API
 * server's strict field validation refuses.
 */
function walkModel(value: unknown, typeName: string, path: string, out: string[]): void {
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => walkModel(item, array[1]!, `${path}[${isObject(item) && typeof item.name === "string" ? `name="${item.name}"` : i}]`, out));
    return;
  }
  const model = (k8s as unknown as Record<string, { getAttributeTypeMap?: () => Array<{ baseName: string; type: string }> }>)[typeName];
  if (!model?.getAttributeTypeMap || !isObject(value)) return;
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value)) {
    const childType = attributes.get(key);
    if (childType === undefined) out.push(`${path}.${key}`);
    else walkModel(child, childType, `${path}.${key}`, out);
  }
}

/** Custom resources: the CRD version's openAPIV3Schema, compiled once per CRD version. */
export class CrdValidators {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: re2Pattern } });
  private readonly cache = new Map<string, { validate: ValidateFunction; schema: Json }>();

  validate(crd: Json, version: string, body: Json): BodyProblems {
    const entry = this.compiled(crd, version);
    const unknownFields: string[] = [];
    walkSchema(body, entry.schema, "", unknownFields, true);
    const causes = entry.validate(body) ? [] : ajvCauses(entry.validate.errors ?? [], body);
    return { unknownFields, causes };
  }

  private compiled(crd: Json, version: string) {
    const key = `${(crd.metadata as Json).name}/${version}/${(crd.metadata as Json).resourceVersion ?? ""}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const versions = ((crd.spec as Json).versions as Json[]) ?? [];
      const schema = ((versions.find((v) => v.name === version)?.schema as Json | undefined)?.openAPIV3Schema as Json | undefined) ?? { type: "object" };
      entry = { validate: this.ajv.compile(toJsonSchema(schema) as Json), schema };
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/**
 * CRD schemas are OpenAPI 3.0: boolean `exclusiveMinimum`/`exclusiveMaximum`
 * beside `minimum`/`maximum`, `nullable`, and `x-kubernetes-int-or-string`.
 * Rewrites them into the JSON Schema that ajv validates.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` the keys are field names, not keywords.
    out[key] = key === "properties" && isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)])) : toJsonSchema(value);
  }
  for (const [bound, exclusive] of [["minimum", "exclusiveMinimum"], ["maximum", "exclusiveMaximum"]] as const) {
    if (out[exclusive] === true) {
      out[exclusive] = out[bound];
      delete out[bound];
    } else if (out[exclusive] === false) {
      delete out[exclusive];
    }
  }
  if (out["x-kubernetes-int-or-string"] === true && out.type === undefined && out.anyOf === undefined) out.type = ["integer", "string"];
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

/**
 * CRD patterns are Go RE2 expressions; RE2's inline flag groups (`^(?i)...`)
 * become JavaScript flags. Anything JavaScript cannot express is not enforced
 * (matches everything) rather than failing the whole schema.
 */
const re2Pattern = Object.assign(
  (pattern: string, flags: string) => {
    const inline = [...pattern.matchAll(/\(\?([ims]+)\)/g)].map((m) => m[1]).join("");
    try {
      return new RegExp(pattern.replace(/\(\?[ims]+\)/g, ""), [...new Set(flags + inline)].join(""));
    } catch {
      return /(?:)/;
    }
  },
  { code: "new RegExp" },
);

/** Structural-schema pruning rules: unknown fields are those no `properties` declares, unless preserved. */
function walkSchema(value: unknown, schema: Json | undefined, path: string, out: string[], root = false): void {
  if (!schema || schema["x-kubernetes-preserve-unknown-fields"] === true) return;
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    value.forEach((item, i) => walkSchema(item, items, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  const additional = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  for (const [key, child] of Object.entries(value)) {
    // apiVersion, kind and metadata are always known at the root, whatever the schema says.
    if (root && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
    if (properties && key in properties) walkSchema(child, properties[key] as Json, `${path}.${key}`, out);
    else if (additional) walkSchema(child, additional, `${path}.${key}`, out);
    else if (schema.additionalProperties !== true) out.push(`${path}.${key}`);
  }
}

function ajvCauses(errors: readonly ErrorObject[], body: Json): StatusCause[] {
  const seen = new Set<string>();
  const out: StatusCause[] = [];
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") continue; // their branches report the cause
    const base = fieldPath(e.instancePath);
    let cause: StatusCause;
    if (e.keyword === "required") {
      const field = base ? `${base}.${e.params.missingProperty}` : String(e.params.missingProperty);
      cause = { reason: "FieldValueRequired", message: "Required value", field };
    } else {
      const actual = JSON.stringify(valueAt(body, e.instancePath));
      if (e.keyword === "enum") {
        const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
        cause = { reason: "FieldValueNotSupported", message: `Unsupported value: ${actual}: supported values: ${allowed}`, field: base };
      } else if (e.keyword === "type") {
        cause = { reason: "FieldValueTypeInvalid", message: `Invalid value: ${actual}: ${base} in body must be of type ${e.params.type}: ${actual}`, field: base };
      } else {
        cause = { reason: "FieldValueInvalid", message: `Invalid value: ${actual}: ${base} in body ${e.message}`, field: base };
      }
    }
    const key = `${cause.field} ${cause.message}`;
    if (!seen.has(key)) out.push(cause), seen.add(key);
  }
  return out;
}

function fieldPath(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");
}

function valueAt(body: unknown, instancePath: string): unknown {
  return instancePath
    .split("/")
    .slice(1)
    .reduce<unknown>((v, seg) => (v as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")], body);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(["Namespace", "Service"]);

/** Checks the API server's validation code makes beyond the schema. */
function semanticCauses(type: ResourceType, body: Json): StatusCause[] {
  const out: StatusCause[] = [];
  const name = String((body.metadata as Json | undefined)?.name ?? "");
  const pattern = LABEL_NAMED.has(type.kind) ? DNS_LABEL : DNS_SUBDOMAIN;
  if (name && (!pattern.test(name) || name.length > (LABEL_NAMED.has(type.kind) ? 63 : 253))) {
    const rule = LABEL_NAMED.has(type.kind) ? "a lowercase RFC 1123 label" : "a lowercase RFC 1123 subdomain";
    out.push({ reason: "FieldValueInvalid", message: `Invalid value: "${name}": must be ${rule}`, field: "metadata.name" });
  }
  const spec = isObject(body.spec) ? body.spec : undefined;
  if ((type.kind === "Deployment" || type.kind === "StatefulSet") && spec && isObject(spec.selector) && isObject(spec.template)) {
    const wanted = isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
    const labels = isObject(spec.template.metadata) && isObject(spec.template.metadata.labels) ? spec.template.metadata.labels : {};
    if (!Object.entries(wanted).every(([k, v]) => labels[k] === v)) {
      out.push({ reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``, field: "spec.template.metadata.labels" });
    }
  }
  return out;
}

