import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { asArray, get, isObj } from "./resources";

export type SchemaValidator = (object: unknown) => ErrorObject[];

/** Published model packages by API group: their validators are precompiled ajv code. */
const MODEL_PACKAGES: Array<{ groups: (group: string) => boolean; pkg: string }> = [
  { groups: (g) => g === "monitoring.coreos.com", pkg: "@kubernetes-models/prometheus-operator" },
  { groups: (g) => g === "argoproj.io", pkg: "@kubernetes-models/argo-cd" },
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

const crdAjv = new Ajv({ allErrors: false, strict: false, validateFormats: false, code: { regExp: lenientRegExp } });

interface CrdVersion {
  schema: unknown;
  compiled?: ValidateFunction;
}

/**
 * Offline schema validation as kubeconform does it: core kinds and bundled
 * CRD models from kubernetes-models, other custom resources from CRD files.
 */
export class SchemaRegistry {
  private readonly crds = new Map<string, CrdVersion>();
  private readonly models = new Map<string, SchemaValidator | null>();

  constructor(crdDirs: string[]) {
    for (const dir of crdDirs) for (const file of yamlFiles(dir)) this.addCrdFile(file);
  }

  /** Loads the validators for the given apiVersion/kind pairs (model modules load on demand). */
  async prepare(pairs: Iterable<string>): Promise<void> {
    for (const key of pairs) {
      if (this.crds.has(key) || this.models.has(key)) continue;
      this.models.set(key, await loadModelValidator(key));
    }
  }

  /** The validator for `apiVersion/kind` once prepared, or undefined when no schema is known. */
  validatorFor(apiVersion: string, kind: string): SchemaValidator | undefined {
    const key = `${apiVersion}/${kind}`;
    const crd = this.crds.get(key);
    if (crd) {
      crd.compiled ??= crdAjv.compile(crd.schema as object);
      const fn = crd.compiled;
      return (object) => (fn(object) ? [] : (fn.errors ?? []));
    }
    return this.models.get(key) ?? undefined;
  }

  private addCrdFile(file: string): void {
    const parsed = Bun.YAML.parse(readFileSync(file, "utf8")) as unknown;
    const docs = Array.isArray(parsed) ? parsed : [parsed];
    for (const doc of docs) {
      if (!isObj(doc) || doc.kind !== "CustomResourceDefinition") continue;
      const group = get(doc, ["spec", "group"]);
      const kind = get(doc, ["spec", "names", "kind"]);
      for (const version of asArray(get(doc, ["spec", "versions"]))) {
        const schema = get(version, ["schema", "openAPIV3Schema"]);
        const name = get(version, ["name"]);
        if (typeof group === "string" && typeof kind === "string" && typeof name === "string" && isObj(schema)) {
          this.crds.set(`${group}/${name}/${kind}`, { schema });
        }
      }
    }
  }
}

function yamlFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

async function loadModelValidator(key: string): Promise<SchemaValidator | null> {
  const slash = key.lastIndexOf("/");
  const apiVersion = key.slice(0, slash);
  const kind = key.slice(slash + 1);
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind) || !/^[a-z0-9.-]*$/.test(group!) || !/^v[a-z0-9]+$/.test(version!)) return null;
  const pkg = MODEL_PACKAGES.find((p) => p.groups(group!))?.pkg;
  if (!pkg) return null;
  const modulePath = group ? `${pkg}/${group}/${version}/${kind}` : `${pkg}/${version}/${kind}`;
  let model: unknown;
  try {
    model = ((await import(modulePath)) as Record<string, unknown>)[kind];
  } catch {
    return null;
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
