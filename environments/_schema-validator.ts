import type { ErrorObject, ValidateFunction } from "ajv";
import { EnvironmentSchema } from "./schema";
import { UserError } from "./source/errors";
import type { FieldPath } from "./source/yaml-source";
import { closest } from "./source/closest";
import { cachedValidator } from "./source/cached-validator";
import type { SourceChain } from "./load-environment";

/** inlineRefs false: a schema shared through `$ref` (format/primitives.ts `Shared`) is compiled once, not at each use. */
const AJV_OPTIONS = { useDefaults: true, allErrors: true, verbose: true, strict: false, inlineRefs: false } as const;

let compiled: ValidateFunction | undefined;

/** What the schema found: its mistakes, and which fields later checks may read. */
export interface ShapeCheck {
  /** One UserError per mistake, at the line that caused it. */
  errors: UserError[];
  /** Whether the field at `path` and everything in it passed, so a check may read it. */
  passed(path: FieldPath): boolean;
}

const ALL_PASSED: ShapeCheck = { errors: [], passed: () => true };

/**
 * Validates the merged environment against the schema, filling defaults in
 * place. Every problem becomes a UserError at the line that caused it; the
 * fields they concern are known, so the checks beyond the schema can still
 * judge the rest of the environment.
 */
export function validateEnvironmentShape(merged: Record<string, unknown>, chain: SourceChain): ShapeCheck {
  compiled ??= compile();
  if (compiled(merged)) return ALL_PASSED;
  const kept = withoutBranchErrors(compiled.errors!);
  return {
    errors: kept.map((error) => {
      const { path, message } = describe(error);
      return new UserError(message, { ...chain.locate(path), path: path.join(".") });
    }),
    passed: passedExcept(kept.map(failedPath)),
  };
}

/** Whether a path is clear of every failed one: neither holds one nor lies inside one (sets of keys: many errors stay fast). */
function passedExcept(failed: string[][]): ShapeCheck["passed"] {
  const key = (path: FieldPath) => path.join("\0");
  const failedKeys = new Set(failed.map(key));
  // Every path that holds a failed one, the failed one included.
  const holding = new Set(failed.flatMap((path) => path.map((_, i) => key(path.slice(0, i + 1))).concat(key([]))));
  return (path) => !holding.has(key(path)) && !path.some((_, i) => failedKeys.has(key(path.slice(0, i))));
}

/** The field a mistake is about: the key that is unknown, missing or badly named, else the value's own. */
function failedPath(error: ErrorObject): string[] {
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  const key = error.propertyName ?? params.additionalProperty ?? params.missingProperty;
  const path = segments(error.instancePath);
  return key === undefined ? path : [...path, key];
}

/** The keys of a JSON pointer. */
function segments(pointer: string): string[] {
  return pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * A value matching no alternative of a union is one mistake: its own error
 * stands for the errors of every branch it tried; an invalid key name for
 * everything under it. Of several errors on one field, the first is kept.
 */
function withoutBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf").map((e) => e.schemaPath + "/");
  // Under a key that is not a valid name, nothing else is worth saying.
  const badKeys = errors.filter((e) => e.propertyName !== undefined).map((e) => `${e.instancePath}/${e.propertyName!.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  const fields = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === "propertyNames" || unions.some((u) => e.schemaPath.startsWith(u))) return false;
    if (e.propertyName === undefined && badKeys.some((k) => `${e.instancePath}/`.startsWith(`${k}/`))) return false;
    const field = e.instancePath + "\0" + (e.propertyName ?? (e.params as { additionalProperty?: string }).additionalProperty ?? "");
    if (fields.has(field)) return false;
    fields.add(field);
    return true;
  });
}

/** The schema compiled by ajv, cached as standalone code (see cachedValidator). */
function compile(): ValidateFunction {
  const schema = relaxDefaultedRequired(JSON.parse(JSON.stringify(EnvironmentSchema)));
  return cachedValidator({ name: "environment-schema", schema, options: AJV_OPTIONS });
}

/** A property with a default need not be written: ajv fills it in, so drop it from `required`. */
export function relaxDefaultedRequired(schema: any): any {
  if (Array.isArray(schema)) return schema.map(relaxDefaultedRequired);
  if (schema === null || typeof schema !== "object") return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = relaxDefaultedRequired(v);
  if (Array.isArray(out.required) && out.properties) {
    out.required = out.required.filter((key: string) => out.properties[key]?.default === undefined);
  }
  return out;
}

function describe(error: ErrorObject): { path: string[]; message: string } {
  const path = segments(error.instancePath);
  const params = error.params as Record<string, any>;
  const schema = error.parentSchema as Record<string, any> | undefined;
  if (error.propertyName !== undefined) {
    // A key of a named map (services, namespaces, pools) failed its name rules.
    const key = error.propertyName;
    const max = schema?.maxLength;
    if (schema?.description) return { path: [...path, key], message: `"${key}" is not ${schema.description}` };
    return {
      path: [...path, key],
      message: `"${key}" is not a valid name: use lowercase letters, digits and '-', starting and ending with a letter or digit${max ? `, at most ${max} characters` : ""}`,
    };
  }
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      // A field that must not exist says why (a literal where only Secret references belong).
      if (schema?.unknownFieldMessage) return { path: [...path, key], message: `unknown field "${key}": ${schema.unknownFieldMessage}` };
      const hint = closest(key, known);
      return { path: [...path, key], message: `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}` };
    }
    case "required":
      return { path, message: `missing required field "${params.missingProperty}"` };
    case "pattern":
      if (schema?.hostNameMessage && typeof error.data === "string" && /[a-z]/i.test(error.data)) {
        return { path, message: `${JSON.stringify(error.data)} is a host name, and NetworkPolicies cannot name DNS hosts: give the addresses it resolves to as a CIDR, e.g. 10.20.0.15/32 for one address or 10.20.0.0/24 for its subnet` };
      }
      return { path, message: `${JSON.stringify(error.data)} is not ${schema?.description ?? `of the form ${params.pattern}`}` };
    case "format":
      return { path, message: `${JSON.stringify(error.data)} is not a valid ${params.format}` };
    case "anyOf":
      // A union that says what it accepts is described by that; others by their own message.
      if (schema?.description) return { path, message: `${JSON.stringify(error.data)} is not valid: ${schema.description}` };
      return { path, message: error.message ?? "is invalid" };
    case "type":
      // A value where an object belongs (a Secret written in place of its reference) is told what the object is.
      return { path, message: params.type === "object" && schema?.description ? `must be an object, ${schema.description}` : error.message ?? "is invalid" };
    case "enum":
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    default:
      return { path, message: error.message ?? "is invalid" };
  }
}
