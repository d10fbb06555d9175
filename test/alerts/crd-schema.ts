/** Validators compiled from the upstream CRDs in ../shared/crds (next to the repository). */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const CRD_DIR = resolve(REPO_ROOT, "../shared/crds");

/** Kubernetes CRD patterns are Go RE2; the only RE2-only syntax they use here is a leading `(?i)`. */
function goRegExp(pattern: string, flags: string): RegExp {
  const caseless = /^\^?\(\?i\)/.exec(pattern);
  if (!caseless) return new RegExp(pattern, flags);
  return new RegExp(pattern.replace("(?i)", ""), flags + "i");
}
goRegExp.code = "new RegExp";

export function crdValidator(relativeFile: string): ValidateFunction {
  const crd = parse(readFileSync(join(CRD_DIR, relativeFile), "utf8")) as {
    spec: { versions: Array<{ name: string; served: boolean; schema: { openAPIV3Schema: object } }> };
  };
  const version = crd.spec.versions.find((v) => v.served)!;
  const ajv = new Ajv({
    allErrors: true,
    strict: false, // x-kubernetes-* extension keywords
    formats: { int32: true, int64: true, byte: true },
    code: { regExp: goRegExp },
  });
  addFormats(ajv);
  return ajv.compile(version.schema.openAPIV3Schema);
}
