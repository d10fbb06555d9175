import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { default as Ajv, ErrorObject, ValidateFunction } from "ajv";
import { createRequire } from "node:module";
import { UserError } from "../../environments/source/errors";
import { fileProblem, readSourceFile } from "../../environments/source/read-source";
import { checkNesting } from "../../environments/source/nesting";
import { parseYamlDocuments, type FieldPath } from "../../environments/source/yaml-source";
import { ApiVersionKindMemo } from "./kind-memo";
import { asArray, get, isObj } from "./resources";
import { OWN_CUSTOM_RESOURCE_SCHEMAS } from "./custom-resource-schemas";
import { bundledValidator } from "./bundled-validator";

type SchemaValidator = (object: unknown) => ErrorObject[];

/** Published model packages by API group: their validators are precompiled ajv code. */
const MODEL_PACKAGES: Array<{ groups: (group: string) => boolean; pkg: string }> = [
  { groups: (g) => g === "monitoring.coreos.com", pkg: "@kubernetes-models/prometheus-operator" },
  { groups: (g) => g === "argoproj.io", pkg: "@kubernetes-models/argo-cd" },
  // The same API group: Rollouts, AnalysisTemplates and their kin.
  { groups: (g) => g === "argoproj.io", pkg: "@kubernetes-models/argo-rollouts" },
  { groups: (g) => g === "keda.sh", pkg: "@kubernetes-models/keda" },
  { groups: (g) => g === "" || !g.includes(".") || g.endsWith(".k8s.io"), pkg: "kubernetes-models" },
];

/**
 * CRD patterns are RE2 (Go) syntax: inline flags such as `(?i)` become JS
 * flags, and a pattern JS cannot express is not checked rather than crashing.
 */
function lenientRegExp(pattern: string, flags: string): RegExp {
  const inline = /^\(\?([imsU]+)\)/.exec(pattern);
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  const extra = inline ? inline[1]!.replace(/[^ims]/g, "") : "";
  try {
    return new RegExp(body, [...new Set(flags + extra)].join(""));
  } catch {
    return /(?:)/;
  }
}
lenientRegExp.code = "lenientRegExp";

/** CRDs by directory, read once per process (the Chaos Mesh ones alone are megabytes). */
const crdCache = new Map<string, Map<string, CrdVersion>>();

let crdAjv: Ajv | undefined;

/** The ajv for schemas of CRD files, loaded only when one is needed (bundled schemas come compiled). */
function crdCompiler(): Ajv {
  if (!crdAjv) {
    const { default: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    crdAjv = new AjvClass({ allErrors: false, strict: false, validateFormats: false, code: { regExp: lenientRegExp } });
  }
  return crdAjv;
}

interface CrdVersion {
  schema: unknown;
  file: string;
  compiled?: ValidateFunction;
}

/**
 * CRD schemas are OpenAPI 3.0: boolean exclusiveMinimum/Maximum (draft 4
 * style) become draft-7 numbers, and `nullable: true` admits null.
 */
function openApiToDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToDraft7);
  if (!isObj(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "properties" || key === "patternProperties" || key === "definitions"
      ? Object.fromEntries(Object.entries(isObj(value) ? value : {}).map(([k, v]) => [k, openApiToDraft7(v)]))
      : openApiToDraft7(value);
  }
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof out[flag] !== "boolean") continue;
    if (out[flag] === true && typeof out[bound] === "number") {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  delete out.nullable;
  return out;
}

/**
 * Offline schema validation as kubeconform does it: core kinds and bundled
 * CRD models from kubernetes-models, other custom resources from CRD files.
 */
export class SchemaRegistry {
  private readonly crds = new Map<string, CrdVersion>();
  private readonly models = new Map<string, SchemaValidator | null>();
  /** validatorFor's answers: it is asked once or more per object. */
  private readonly answers = new ApiVersionKindMemo<SchemaValidator | undefined>();

  constructor(crdDirs: string[]) {
    for (const dir of crdDirs) {
      let crds = crdCache.get(dir);
      if (!crds) {
        crds = new Map();
        for (const file of yamlFiles(dir)) addCrdFile(crds, file);
        crdCache.set(dir, crds);
      }
      for (const [key, crd] of crds) this.crds.set(key, crd);
    }
  }

  /** Loads the validators for the given apiVersion/kind pairs (model modules load on demand). */
  async prepare(pairs: Iterable<string>): Promise<void> {
    for (const key of pairs) {
      if (this.models.has(key)) continue;
      this.models.set(key, await loadModelValidator(key));
      this.answers.clear();
    }
  }

  /**
   * The validator for `apiVersion/kind` once prepared, or undefined when no
   * schema is known. Bundled models come first: they are precompiled, while
   * compiling a large CRD schema (Argo CD's ApplicationSet) takes seconds.
   */
  validatorFor(apiVersion: string, kind: string): SchemaValidator | undefined {
    return this.answers.get(apiVersion, kind, this.findValidator);
  }

  private readonly findValidator = (apiVersion: string, kind: string): SchemaValidator | undefined => {
    const key = `${apiVersion}/${kind}`;
    // The closed schemas gitops-forge ships first: a model package may leave nested objects open.
    const model = ownValidator(key) ?? this.models.get(key);
    if (model) return model;
    const crd = this.crds.get(key);
    if (crd) {
      try {
        crd.compiled ??= crdCompiler().compile(openApiToDraft7(crd.schema) as object);
      } catch (err) {
        throw new UserError(`CRD schema for ${key} does not compile: ${err instanceof Error ? err.message : String(err)}`, { file: crd.file });
      }
      const fn = crd.compiled;
      return (object) => (fn(object) ? [] : (fn.errors ?? []));
    }
    return undefined;
  };
}

const ownValidators = new Map<string, SchemaValidator>();

/**
 * Schemas gitops-forge ships for the custom resources it writes that no model
 * package covers (Velero and Chaos Mesh Schedules) or covers loosely
 * (AlertmanagerConfig), so its own output is checked without the operators'
 * CRD files.
 */
function ownValidator(key: string): SchemaValidator | undefined {
  const schema = OWN_CUSTOM_RESOURCE_SCHEMAS[key];
  if (!schema) return undefined;
  let validator = ownValidators.get(key);
  if (!validator) {
    const fn = bundledValidator("custom-resource", JSON.parse(JSON.stringify(schema)));
    validator = (object) => (fn(object) ? [] : (fn.errors ?? []));
    ownValidators.set(key, validator);
  }
  return validator;
}

/**
 * Reads the CRDs of a file into `crds`, keyed `group/version/Kind`. A file
 * that is not YAML, or a CRD without a group, kind and versions each with a
 * name and schema, is an error at its line: a CRD skipped in silence would
 * let its resources pass unchecked.
 */
function addCrdFile(crds: Map<string, CrdVersion>, file: string): void {
  const text = readSourceFile(file);
  checkNesting(file, text);
  let parsed: unknown;
  try {
    parsed = Bun.YAML.parse(text);
  } catch {
    parseYamlDocuments(file, text); // throws the error at its line
    throw new UserError("not a YAML file of CustomResourceDefinitions", { file });
  }
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  docs.forEach((doc, index) => {
    if (!isObj(doc) || doc.kind !== "CustomResourceDefinition") return;
    const invalid = (path: FieldPath, what: string): never => {
      const at = parseYamlDocuments(file, text)[index]?.locate(path);
      throw new UserError(`invalid CustomResourceDefinition: ${what}`, { file, ...at, path: path.join(".") });
    };
    const group = get(doc, ["spec", "group"]);
    const kind = get(doc, ["spec", "names", "kind"]);
    const versions = get(doc, ["spec", "versions"]);
    if (typeof group !== "string") invalid(["spec", "group"], "spec.group must be a string");
    if (typeof kind !== "string") invalid(["spec", "names", "kind"], "spec.names.kind must be a string");
    if (!Array.isArray(versions)) invalid(["spec", "versions"], "spec.versions must be a list");
    (versions as unknown[]).forEach((version, i) => {
      const schema = get(version, ["schema", "openAPIV3Schema"]);
      const name = get(version, ["name"]);
      if (typeof name !== "string") invalid(["spec", "versions", i, "name"], "every version needs a name");
      if (isObj(schema)) crds.set(`${group}/${name}/${kind}`, { schema, file });
      else if (schema !== undefined) invalid(["spec", "versions", i, "schema", "openAPIV3Schema"], "the schema must be a mapping");
    });
  });
}

/**
 * The YAML and JSON files under a CRD folder. A folder a config lists may be
 * absent (the profiles name an optional checkout of the upstream CRDs);
 * `--crds` is checked to exist before (see `requireCrdFolder`).
 */
function yamlFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new UserError(`CRD folder: ${fileProblem(err)}`, { file: dir });
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch (err) {
      throw new UserError(fileProblem(err), { file: path });
    }
    if (directory) return yamlFiles(path);
    return /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

/** A CRD folder named on the command line must be there: a typo would leave custom resources unchecked. */
export function requireCrdFolder(dir: string): void {
  let stat;
  try {
    stat = statSync(dir);
  } catch (err) {
    throw new UserError(`CRD folder: ${fileProblem(err)}`, { file: dir });
  }
  if (!stat.isDirectory()) throw new UserError("CRD folder: not a folder", { file: dir });
}

async function loadModelValidator(key: string): Promise<SchemaValidator | null> {
  const slash = key.lastIndexOf("/");
  const apiVersion = key.slice(0, slash);
  const kind = key.slice(slash + 1);
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind) || !/^[a-z0-9.-]*$/.test(group!) || !/^v[a-z0-9]+$/.test(version!)) return null;
  let model: unknown;
  // Packages may share an API group: the first that models the kind.
  for (const { pkg } of MODEL_PACKAGES.filter((p) => p.groups(group!))) {
    const modulePath = group ? `${pkg}/${group}/${version}/${kind}` : `${pkg}/${version}/${kind}`;
    try {
      model = ((await import(modulePath)) as Record<string, unknown>)[kind];
      break;
    } catch {
      continue;
    }
  }
  const cls = model as { apiVersion?: string; kind?: string; prototype?: { validate?: () => void } } | undefined;
  const validate = cls?.prototype?.validate;
  if (!cls || cls.apiVersion !== apiVersion || cls.kind !== kind || typeof validate !== "function") return null;
  return (object) => {
    try {
      validate.call(object);
      return [];
    } catch (err) {
      const errors = (err as { errors?: ErrorObject[] }).errors;
      if (Array.isArray(errors)) return errors;
      throw err;
    }
  };
}
