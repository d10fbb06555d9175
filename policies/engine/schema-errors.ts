import type { ErrorObject } from "ajv";
import { UserError } from "../../environments/source/errors";
import type { SourceDocument } from "../../environments/source/yaml-source";

/** Field path of an ajv error, pointing at the missing or extra key when there is one. */
export function errorPath(error: ErrorObject): Array<string | number> {
  const path: Array<string | number> = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as Record<string, unknown>;
  if (typeof params.missingProperty === "string") path.push(params.missingProperty);
  if (typeof params.additionalProperty === "string") path.push(params.additionalProperty);
  return path;
}

/** Turns the most specific ajv error of a config-like file into one UserError with file, line and field. */
export function schemaUserError(doc: SourceDocument, errors: ErrorObject[], what: string): UserError {
  const error = [...errors].sort((a, b) => errorPath(b).length - errorPath(a).length)[0]!;
  const path = errorPath(error);
  const field = path.length > 0 ? path.join(".") : "(top level)";
  const params = error.params as Record<string, unknown>;
  let detail = error.message ?? "is invalid";
  if (Array.isArray(params.allowedValues)) detail = `must be one of ${params.allowedValues.join(", ")}`;
  if (typeof params.additionalProperty === "string") detail = "is not a known field";
  if (typeof params.missingProperty === "string") detail = "is required";
  return new UserError(`invalid ${what}: ${detail}`, { file: doc.file, ...doc.locate(path), path: field });
}
