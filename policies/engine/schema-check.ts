import Ajv, { type ValidateFunction } from "ajv";
import { errorPath } from "./schema-errors";
import type { Path, RuleContext } from "./rule";
import type { Resource } from "./resources";
import type { Policy } from "./types";

const ajv = new Ajv({ allErrors: false, strict: false, $data: true });
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
    fn = ajv.compile(substitute(policy.check!.schema, params, policy) as object);
    compiled.set(key, fn);
  }
  return fn;
}

function renderMessage(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.join(", ") : String(value);
  });
}

function dotted(path: string): Path {
  return path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Evaluates a JSON Schema check on the object, its pod spec or each of its containers. */
export function runSchemaCheck(ctx: RuleContext): void {
  const check = ctx.policy.check!;
  const validate = compileCheckSchema(ctx.policy, ctx.params);
  const lists = check.containerLists ?? ["containers", "initContainers"];
  // Message variables are built only for the rare value that fails.
  const report = (r: Resource, base: Path, mapPath: (p: Path) => Path, container?: string) => {
    const path = check.path ? [...base, ...dotted(check.path)] : mapPath(errorPath(validate.errors![0]!));
    const vars = { ...ctx.params, kind: r.ref.kind, name: r.ref.name, namespace: r.ref.namespace ?? "", ...(container !== undefined ? { container } : {}) };
    ctx.report(r, path, renderMessage(check.message, vars));
  };
  for (const r of ctx.resources) {
    if (check.target === "object") {
      if (!validate(r.object)) report(r, [], (p) => p);
      continue;
    }
    const podSpec = r.podSpec;
    const podPath = r.podSpecPath;
    if (!podSpec || !podPath) continue;
    if (check.target === "podSpec") {
      if (!validate(podSpec)) report(r, podPath, (p) => [...podPath, ...p]);
      continue;
    }
    for (const c of r.containers) {
      if (!lists.includes(c.list)) continue;
      if (validate(check.withPod ? { container: c.value, pod: podSpec } : c.value)) continue;
      const mapPath = (p: Path): Path => {
        if (!check.withPod) return [...c.path, ...p];
        return p[0] === "pod" ? [...podPath, ...p.slice(1)] : [...c.path, ...p.slice(1)];
      };
      report(r, c.path, mapPath, c.name);
    }
  }
}
