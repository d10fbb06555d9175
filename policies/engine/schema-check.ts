import type { ValidateFunction } from "ajv";
import { cachedValidator } from "../../environments/source/cached-validator";
import { addQuantityEquals } from "./quantity-keyword";
import { errorPath } from "./schema-errors";
import type { Path, ResourceCheck, RuleContext } from "./rule";
import { get, isObj, type Container, type Obj, type Resource } from "./resources";
import type { Policy } from "./types";

const CHECK_OPTIONS = { allErrors: false, strict: false, $data: true } as const;
const compiled = new Map<string, ValidateFunction>();

/** Replaces every `{"$param": name}` in a check schema by the parameter's value. */
function substitute(value: unknown, params: Record<string, unknown>, policy: Policy): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, params, policy));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.$param === "string" && Object.keys(obj).length === 1) {
    if (!Object.hasOwn(params, obj.$param)) throw new Error(`unknown parameter "${obj.$param}"`);
    return params[obj.$param];
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, substitute(v, params, policy)]));
}

export function compileCheckSchema(policy: Policy, params: Record<string, unknown>): ValidateFunction {
  const key = `${policy.id}\0${JSON.stringify(params)}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = cachedValidator({ name: "policy-check", schema: substitute(policy.check!.schema, params, policy) as object, options: CHECK_OPTIONS, extend: addQuantityEquals });
    compiled.set(key, fn);
  }
  return fn;
}

/** A message template split once into text and `{{ variable }}` parts, so each finding only joins them. */
type MessagePart = string | { name: string; whole: string };

function compileMessage(template: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
    parts.push(template.slice(last, match.index), { name: match[1]!, whole: match[0] });
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

/** Fills the variables in; an unknown one stays as written. */
function renderMessage(parts: MessagePart[], valueOf: (name: string) => unknown): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const value = valueOf(part.name);
    out += value === undefined ? part.whole : Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

function dotted(path: string): Path {
  return path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Compiles a check policy's schema, message and path once, for evaluating resource by resource. */
export function prepareSchemaCheck(ctx: Pick<RuleContext, "policy" | "params" | "report">): ResourceCheck {
  const check = ctx.policy.check!;
  const validate = compileCheckSchema(ctx.policy, ctx.params);
  const lists = check.containerLists ?? ["containers", "initContainers"];
  const checkPath = check.path ? dotted(check.path) : undefined;
  const message = compileMessage(check.message);
  const annotationPrefix = check.withPod ? check.containerAnnotation : undefined;
  // Where the pod's annotations sit, per pod spec path (one per kind), so no path is built per object.
  const annotationPaths = new Map<Path, Path>();
  const annotationsPath = (podPath: Path): Path => {
    let path = annotationPaths.get(podPath);
    if (!path) annotationPaths.set(podPath, (path = [...podPath.slice(0, -1), "metadata", "annotations"]));
    return path;
  };
  /** What a `withPod` schema sees of one container; `annotation` only when the check names one and the pod has it. */
  const withPod = (c: Container, pod: Obj, annotations: unknown): Obj => {
    const value = annotationPrefix === undefined || !isObj(annotations) ? undefined : annotations[`${annotationPrefix}${c.name}`];
    return value === undefined ? { container: c.value, pod } : { container: c.value, pod, annotation: value };
  };
  // Message variables are looked up only for the rare value that fails; the object's own ones win over parameters.
  const report = (r: Resource, base: Path, mapPath: (p: Path) => Path, container?: string) => {
    const path = checkPath ? [...base, ...checkPath] : mapPath(errorPath(validate.errors![0]!));
    const valueOf = (name: string): unknown => {
      if (name === "container" && container !== undefined) return container;
      if (name === "namespace") return r.ref.namespace ?? "";
      if (name === "name") return r.ref.name;
      if (name === "kind") return r.ref.kind;
      return ctx.params[name];
    };
    ctx.report(r, path, renderMessage(message, valueOf));
  };
  const evaluate = (r: Resource): void => {
    if (check.target === "object") {
      if (!validate(r.object)) report(r, [], (p) => p);
      return;
    }
    const podSpec = r.podSpec;
    const podPath = r.podSpecPath;
    if (!podSpec || !podPath) return;
    if (check.target === "podSpec") {
      if (!validate(podSpec)) report(r, podPath, (p) => [...podPath, ...p]);
      return;
    }
    const annotations = annotationPrefix === undefined ? undefined : get(r.object, annotationsPath(podPath));
    for (const c of r.containers) {
      if (!lists.includes(c.list)) continue;
      if (validate(check.withPod ? withPod(c, podSpec, annotations) : c.value)) continue;
      const mapPath = (p: Path): Path => {
        if (!check.withPod) return [...c.path, ...p];
        if (p[0] === "annotation") return [...annotationsPath(podPath), `${annotationPrefix}${c.name}`];
        return p[0] === "pod" ? [...podPath, ...p.slice(1)] : [...c.path, ...p.slice(1)];
      };
      report(r, c.path, mapPath, c.name);
    }
  };
  return { policy: ctx.policy, evaluate };
}
