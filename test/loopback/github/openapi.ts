import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * GitHub's published OpenAPI description (from @octokit/openapi): routes every
 * loopback request to its operation and checks path parameters, query and
 * JSON body against the operation's schemas, so a request GitHub would refuse
 * is a test failure rather than a silent success.
 */
export interface Operation {
  operationId: string;
  method: string;
  template: string;
}

export interface RouteMatch {
  operation: Operation;
  pathParams: Record<string, string>;
}

interface ParameterSpec {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: object;
  "x-multi-segment"?: boolean;
}

interface CompiledRoute {
  operation: Operation;
  pattern: RegExp;
  paramNames: string[];
  literalSegments: number;
  parameters: ParameterSpec[];
  bodySchema?: object;
  /** JSON schema of each success response, by status. */
  responses: Record<string, object>;
}

const SPEC_ID = "https://api.github.com/openapi.json";
/** The same components with `required` lifted: responses are checked for shape, not completeness. */
const LOOSE_ID = "https://api.github.com/openapi-loose.json";

function specPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@octokit/openapi/package.json")), "generated", "api.github.com.json");
}

export class GitHubOpenApi {
  private readonly routes: CompiledRoute[] = [];
  private readonly parameterRefs: Record<string, ParameterSpec>;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    const spec = JSON.parse(readFileSync(specPath(), "utf8")) as {
      paths: Record<string, Record<string, { operationId: string; parameters?: unknown[]; requestBody?: { content?: Record<string, { schema?: object }> }; responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
      components: { parameters: Record<string, ParameterSpec>; schemas: object };
    };
    this.parameterRefs = spec.components.parameters;
    this.ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, validateSchema: false });
    addFormats(this.ajv);
    // GitHub's own format for "owner/name" repository references.
    this.ajv.addFormat("repo.nwo", /^[^/]+\/[^/]+$/);
    const components = withNullTypes(spec.components);
    this.ajv.addSchema({ $id: SPEC_ID, components });
    this.ajv.addSchema({ $id: LOOSE_ID, components: withoutRequired(components) });
    for (const [template, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (typeof op !== "object" || !op || !("operationId" in op)) continue;
        const parameters = (op.parameters ?? []).map((p) => this.resolveParameter(p));
        const multi = new Set(parameters.filter((p) => p.in === "path" && p["x-multi-segment"]).map((p) => p.name));
        const paramNames: string[] = [];
        let literalSegments = 0;
        const source = template
          .split("/")
          .map((segment) =>
            segment.replace(/\{([^}]+)\}|([^{]+)/g, (_m, name: string | undefined, literal: string | undefined) => {
              if (name) {
                paramNames.push(name);
                return multi.has(name) ? "(.+)" : "([^/]+)";
              }
              literalSegments++;
              return literal!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            }),
          )
          .join("/");
        this.routes.push({
          operation: { operationId: op.operationId, method: method.toUpperCase(), template },
          pattern: new RegExp(`^${source}$`),
          paramNames,
          literalSegments,
          parameters: parameters.map((p) => ({ ...p, schema: withNullTypes(p.schema) })),
          bodySchema: withNullTypes(op.requestBody?.content?.["application/json"]?.schema),
          responses: Object.fromEntries(
            Object.entries(op.responses ?? {})
              .filter(([status, r]) => status.startsWith("2") && r.content?.["application/json"]?.schema)
              .map(([status, r]) => [status, withoutRequired(withNullTypes(r.content!["application/json"]!.schema!))]),
          ),
        });
      }
    }
    // The most specific template wins when several match (literal segments beat parameters).
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.operation.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      route.paramNames.forEach((name, i) => (pathParams[name] = decodeURIComponent(m[i + 1]!)));
      return { operation: route.operation, pathParams };
    }
    return undefined;
  }

  /** Problems GitHub's description finds in a request; empty when it conforms. */
  check(match: RouteMatch, query: URLSearchParams, body: unknown): string[] {
    const route = this.routes.find((r) => r.operation === match.operation)!;
    const problems: string[] = [];
    const known = new Set<string>();
    for (const param of route.parameters) {
      if (param.in === "query") known.add(param.name);
      const raw = param.in === "path" ? match.pathParams[param.name] : param.in === "query" ? query.get(param.name) ?? undefined : undefined;
      if (param.in !== "path" && param.in !== "query") continue;
      if (raw === undefined) {
        if (param.required) problems.push(`missing required ${param.in} parameter "${param.name}"`);
        continue;
      }
      const validate = this.validatorFor(`${route.operation.operationId}:${param.name}`, param.schema ?? {});
      if (!validate(coerce(raw, param.schema))) problems.push(`${param.in} parameter "${param.name}": ${this.ajv.errorsText(validate.errors)}`);
    }
    for (const name of query.keys()) if (!known.has(name)) problems.push(`unknown query parameter "${name}"`);
    if (route.bodySchema) {
      const validate = this.validatorFor(`${route.operation.operationId}:body`, route.bodySchema);
      if (!validate(body)) problems.push(`request body: ${this.ajv.errorsText(validate.errors, { dataVar: "body" })}`);
    } else if (body !== undefined) {
      problems.push("request body sent to an operation that takes none");
    }
    return problems;
  }

  /** Problems in a success response's shape (types, enums, formats) against the description. */
  checkResponse(match: RouteMatch, status: number, body: unknown): string[] {
    const route = this.routes.find((r) => r.operation === match.operation)!;
    const schema = route.responses[String(status)];
    if (!schema) return [];
    const validate = this.validatorFor(`${route.operation.operationId}:response:${status}`, schema, LOOSE_ID);
    return validate(body) ? [] : [`response ${status}: ${this.ajv.errorsText(validate.errors?.slice(0, 5), { dataVar: "response" })}`];
  }

  private resolveParameter(p: unknown): ParameterSpec {
    const ref = (p as { $ref?: string }).$ref;
    if (!ref) return p as ParameterSpec;
    return this.parameterRefs[ref.replace("#/components/parameters/", "")]!;
  }

  private validatorFor(key: string, schema: object, id = SPEC_ID): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${id}#/components/`));
      validate = this.ajv.compile(rebased);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Query and path values arrive as strings; compare them as the schema's scalar type. */
function coerce(raw: string, schema: object | undefined): unknown {
  const type = (schema as { type?: string } | undefined)?.type;
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/**
 * OpenAPI 3.0's `nullable: true` beside `oneOf`/`anyOf` (no `type`) is not JSON
 * Schema; Ajv refuses it. Rewrite it as "that schema, or null".
 */
function withNullTypes<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withNullTypes) as T;
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = withNullTypes(value);
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] } as T;
  }
  return out as T;
}

/** Drops `required` lists (not properties named "required"). */
function withoutRequired<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutRequired) as T;
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "required" && Array.isArray(value)) continue;
    out[key] = withoutRequired(value);
  }
  return out as T;
}
