import Ajv, { type ValidateFunction } from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UPSTREAM_CRDS } from "./upstream-crds";

/**
 * Validators compiled from the upstream CRDs in the upstream CRD folder (UPSTREAM_CRDS), as the API
 * server would apply them with strict field validation: unknown fields are
 * errors (the API server would otherwise drop them silently).
 */
const validators = new Map<string, ValidateFunction>();
let index: Map<string, { file: string; position: number }> | undefined;

function crdIndex() {
  if (index) return index;
  index = new Map();
  for (const project of readdirSync(UPSTREAM_CRDS, { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    for (const file of readdirSync(join(UPSTREAM_CRDS, project.name))) {
      // A file may hold several CRDs (the VPA's holds the checkpoint's and the autoscaler's).
      readFileSync(join(UPSTREAM_CRDS, project.name, file), "utf8")
        .split(/^---$/m)
        .forEach((doc, position) => {
          const head = doc.slice(0, 4000);
          const group = /\n  group: (\S+)/.exec(head)?.[1];
          const kind = /\n    kind: (\S+)/.exec(head)?.[1];
          if (group && kind) index!.set(`${group}/${kind}`, { file: join(UPSTREAM_CRDS, project.name, file), position });
        });
    }
  }
  return index;
}

export function crdValidator(apiVersion: string, kind: string): ValidateFunction {
  const key = `${apiVersion}/${kind}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const [group, version] = apiVersion.split("/");
  const entry = crdIndex().get(`${group}/${kind}`);
  if (!entry) throw new Error(`no upstream CRD for ${group}/${kind} in ${UPSTREAM_CRDS}`);
  const crd = readFileSync(entry.file, "utf8").split(/^---$/m).map((doc) => Bun.YAML.parse(doc) as any)[entry.position];
  const served = crd.spec.versions.find((v: any) => v.name === version && v.served);
  if (!served) throw new Error(`${group}/${kind} does not serve ${version}`);
  const schema = strict(served.schema.openAPIV3Schema);
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: re2RegExp } }).compile(schema);
  validators.set(key, validate);
  return validate;
}

/**
 * CRD patterns are Go RE2; the one RE2-only form they use is a leading `(?i)`
 * (PrometheusRule's partial_response_strategy), which JavaScript writes as a flag.
 */
function re2RegExp(pattern: string, flags: string): RegExp {
  return pattern.includes("(?i)") ? new RegExp(pattern.replace("(?i)", ""), `${flags}i`) : new RegExp(pattern, flags);
}
re2RegExp.code = "new RegExp";

/** Errors of an object against its upstream CRD, or [] when valid. */
export function crdErrors(object: { apiVersion: string; kind: string }): string[] {
  const validate = crdValidator(object.apiVersion, object.kind);
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Closes every object schema that lists its properties, as strict field validation does. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== "object") return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)])) : strict(v);
  // OpenAPI 3.0's boolean exclusive bounds, in the JSON Schema form ajv reads.
  for (const [bound, exclusive] of [["minimum", "exclusiveMinimum"], ["maximum", "exclusiveMaximum"]] as const) {
    if (out[exclusive] === true) [out[exclusive], out[bound]] = [out[bound], undefined];
    else if (out[exclusive] === false) delete out[exclusive];
    if (out[bound] === undefined) delete out[bound];
  }
  if (out.type === "object" && out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  return out;
}
