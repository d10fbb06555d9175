import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { EnvironmentSchema } from "../../../environments/schema";
import { UserError } from "../errors";
import { cronProblem } from "./cron";
import type { SourceChain } from "./load-environment";

let compiled: ValidateFunction | undefined;

/**
 * Validates the merged environment against the schema, filling defaults in
 * place. The first problem becomes a UserError at the line that caused it.
 */
export function validateEnvironmentShape(merged: Record<string, unknown>, chain: SourceChain): unknown {
  compiled ??= compile();
  if (compiled(merged)) return merged;
  const error = compiled.errors![0]!;
  const { path, message } = describe(error);
  throw new UserError(message, { ...chain.locate(path), path: path.join(".") });
}

function compile(): ValidateFunction {
  const ajv = new Ajv({ useDefaults: true, allErrors: false, verbose: true, strict: false });
  ajv.addFormat("cron", { type: "string", validate: (expr: string) => cronProblem(expr) === undefined });
  return ajv.compile(relaxDefaultedRequired(JSON.parse(JSON.stringify(EnvironmentSchema))));
}

/** A property with a default need not be written: ajv fills it in, so drop it from `required`. */
function relaxDefaultedRequired(schema: any): any {
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
  const path = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = error.params as Record<string, any>;
  const schema = error.parentSchema as Record<string, any> | undefined;
  if (error.propertyName !== undefined) {
    // A key of a named map (services, namespaces, pools) failed its name rules.
    const key = error.propertyName;
    const max = schema?.maxLength;
    return {
      path: [...path, key],
      message: `"${key}" is not a valid name: use lowercase letters, digits and '-', starting and ending with a letter or digit${max ? `, at most ${max} characters` : ""}`,
    };
  }
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      const hint = closest(key, known);
      return { path: [...path, key], message: `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}` };
    }
    case "required":
      return { path, message: `missing required field "${params.missingProperty}"` };
    case "pattern":
      return { path, message: `${JSON.stringify(error.data)} is not ${schema?.description ?? `of the form ${params.pattern}`}` };
    case "format":
      return { path, message: `${JSON.stringify(error.data)} ${params.format === "cron" ? cronProblem(String(error.data)) : `is not a valid ${params.format}`}` };
    case "enum":
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    default:
      return { path, message: error.message ?? "is invalid" };
  }
}

/** The known key nearest to a misspelt one, when it is near enough to be a likely typo. */
function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
