import { parse as parseYaml } from "yaml";
import type { LoopbackCluster, RequestRecord } from "./cluster";
import { withServerFields } from "./cluster";
import { groupVersion, type ResourceType } from "./resources";
import { invalid, notFound, status, type Status } from "./status";
import { validateBuiltIn } from "./validation";

type Json = Record<string, unknown>;

export interface KubeApiServer {
  url: string;
  cluster: LoopbackCluster;
  stop(): Promise<void>;
}

const APPLY_PATCH = "application/apply-patch+yaml";
const USER = "system:serviceaccount:ci:gitops-forge";

/**
 * A loopback server that speaks the parts of the Kubernetes API the cluster
 * commands use: discovery, get and list (label and field selectors), and
 * server-side apply (with dryRun=All, field managers, strict field
 * validation, schema validation, admission webhooks), answering failures with
 * `Status` objects shaped like kube-apiserver's.
 */
export function startKubeApiServer(cluster: LoopbackCluster, options: { tls?: { cert: string; key: string } } = {}): KubeApiServer {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    tls: options.tls,
    idleTimeout: 30,
    async fetch(req) {
      const url = new URL(req.url);
      const record: RequestRecord = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: req.headers.get("content-type") ?? undefined, status: 0 };
      cluster.log.push(record);
      cluster.maxInFlight = Math.max(cluster.maxInFlight, ++cluster.inFlight);
      try {
        const response = await handle(cluster, req, url);
        record.status = response.status;
        return response;
      } finally {
        cluster.inFlight--;
      }
    },
    error(err) {
      return json(status(500, "InternalError", `Internal error occurred: ${err.message}`), 500);
    },
  });
  const scheme = options.tls ? "https" : "http";
  return { url: `${scheme}://127.0.0.1:${server.port}`, cluster, stop: () => server.stop(true) };
}

function json(body: unknown, code = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status: code, headers: { "Content-Type": "application/json", ...headers } });
}

function fail(s: Status, headers: Record<string, string> = {}): Response {
  return json(s, s.code, headers);
}

async function handle(cluster: LoopbackCluster, req: Request, url: URL): Promise<Response> {
  if (cluster.latencyMs > 0) await Bun.sleep(cluster.latencyMs);
  const fault = takeFault(cluster, req.method, url.pathname);
  if (fault) return injectFault(fault, req);
  const auth = req.headers.get("authorization") ?? "";
  if (!auth.startsWith("Bearer ") || !cluster.tokens.has(auth.slice("Bearer ".length))) {
    return fail(status(401, "Unauthorized", "Unauthorized"));
  }
  const segments = url.pathname.split("/").filter(Boolean);
  if (segments[0] === "api" && segments.length === 1) return json({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: url.host }] });
  if (segments[0] === "apis" && segments.length === 1) return json(groupList(cluster));
  if (segments[0] === "apis" && segments.length === 2) {
    const group = (groupList(cluster).groups as Json[]).find((g) => g.name === segments[1]);
    return group ? json({ kind: "APIGroup", apiVersion: "v1", ...group }) : fail(status(404, "NotFound", "the server could not find the requested resource"));
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === "api" && segments[1] === "v1") [group, version, rest] = ["", "v1", segments.slice(2)];
  else if (segments[0] === "apis" && segments.length >= 3) [group, version, rest] = [segments[1]!, segments[2]!, segments.slice(3)];
  else return fail(status(404, "NotFound", "the server could not find the requested resource"));

  const served = cluster.resources().filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return fail(status(404, "NotFound", "the server could not find the requested resource"));
  if (rest.length === 0) return json(resourceList(group, version, served));
  const [namespace, plural, name, extra] = rest[0] === "namespaces" && rest.length >= 3 ? [rest[1], rest[2], rest[3], rest[4]] : [undefined, rest[0], rest[1], rest[2]];
  const type = served.find((r) => r.plural === plural);
  if (!type || extra !== undefined || (namespace !== undefined && !type.namespaced)) return fail(status(404, "NotFound", "the server could not find the requested resource"));

  const verb = req.method === "GET" ? (name ? "get" : "list") : req.method === "PATCH" ? "patch" : undefined;
  if (!verb) return fail(status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`));
  const denied = rbacDenial(cluster, type, verb, namespace, name);
  if (denied) return fail(denied);
  if (verb === "list") return listResponse(cluster, type, namespace, url.searchParams);
  if (verb === "get") {
    const found = cluster.get(type, namespace, name!);
    return found ? json(found) : fail(notFound(qualified(type), name!, type.group, type.plural));
  }
  return apply(cluster, type, namespace, name!, req, url.searchParams);
}

function takeFault(cluster: LoopbackCluster, method: string, path: string) {
  const fault = cluster.faults.find((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)) && (f.times === undefined || f.times > 0));
  if (fault && fault.times !== undefined) fault.times--;
  return fault;
}

async function injectFault(fault: NonNullable<ReturnType<typeof takeFault>>, req: Request): Promise<Response> {
  switch (fault.kind) {
    case "throttle": {
      const seconds = fault.retryAfterSeconds ?? 1;
      return fail(status(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds: seconds }), { "Retry-After": String(seconds) });
    }
    case "unavailable":
      return fail(status(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
    case "hang":
      await new Promise((resolve) => {
        req.signal.addEventListener("abort", resolve);
        setTimeout(resolve, 20_000);
      });
      return fail(status(504, "Timeout", "the server was unable to return a response in the time allotted"));
    case "drop":
      // Headers go out, then the connection dies mid-body.
      return new Response(new ReadableStream({ pull: (c) => c.error(new Error("connection dropped")) }), { headers: { "Content-Type": "application/json" } });
  }
}

/** Apply bodies are YAML; clients mostly send JSON (a subset of YAML), which parses much faster as JSON. */
function parseApplyBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(text);
  }
}

function qualified(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function rbacDenial(cluster: LoopbackCluster, type: ResourceType, verb: string, namespace: string | undefined, name: string | undefined): Status | undefined {
  const rule = cluster.denials.find((d) => d.verb === verb && d.resource === type.plural && (!d.namespace || d.namespace === namespace));
  if (!rule) return undefined;
  const subject = name ? `${qualified(type)} "${name}"` : qualified(type);
  const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  return status(403, "Forbidden", `${subject} is forbidden: User "${USER}" cannot ${verb} resource "${type.plural}" in API group "${type.group}" ${scope}`, { name, group: type.group, kind: type.plural });
}

function groupList(cluster: LoopbackCluster): Json {
  const byGroup = new Map<string, Set<string>>();
  for (const r of cluster.resources()) if (r.group) (byGroup.get(r.group) ?? byGroup.set(r.group, new Set()).get(r.group)!).add(r.version);
  const groups = [...byGroup].sort(([a], [b]) => a.localeCompare(b)).map(([name, versions]) => {
    const list = [...versions].sort().map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
    return { name, versions: list, preferredVersion: list[0] };
  });
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

function resourceList(group: string, version: string, served: ResourceType[]): Json {
  const verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap((r) => [
      { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs },
      { name: `${r.plural}/status`, singularName: "", namespaced: r.namespaced, kind: r.kind, verbs: ["get", "patch", "update"] },
    ]),
  };
}

function listResponse(cluster: LoopbackCluster, type: ResourceType, namespace: string | undefined, params: URLSearchParams): Response {
  let labelMatch: (labels: Json) => boolean;
  let fieldMatch: (obj: Json) => boolean;
  try {
    labelMatch = labelSelector(params.get("labelSelector") ?? "");
    fieldMatch = fieldSelector(params.get("fieldSelector") ?? "");
  } catch (err) {
    return fail(status(400, "BadRequest", (err as Error).message));
  }
  const all = cluster
    .list(type, namespace)
    .filter((o) => labelMatch(((o.metadata as Json).labels as Json) ?? {}) && fieldMatch(o))
    // Typed lists carry no apiVersion/kind per item; custom resource lists do.
    .map((o) => (cluster.crdFor(type) ? o : Object.fromEntries(Object.entries(o).filter(([k]) => k !== "apiVersion" && k !== "kind"))));
  // Chunking: `continue` is an opaque token (here the offset of the next item).
  const offset = params.get("continue") ? Number(Buffer.from(params.get("continue")!, "base64url").toString()) : 0;
  const limit = Number(params.get("limit") ?? 0);
  const items = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
  const rest = all.length - offset - items.length;
  const metadata: Json = { resourceVersion: "5000" };
  if (rest > 0) Object.assign(metadata, { continue: Buffer.from(String(offset + items.length)).toString("base64url"), remainingItemCount: rest });
  return json({ kind: `${type.kind}List`, apiVersion: groupVersion(type), metadata, items });
}

function labelSelector(selector: string): (labels: Json) => boolean {
  const terms = selector.split(",").filter(Boolean).map((term) => {
    const m = /^\s*(!?)([\w./-]+)\s*(?:(==|=|!=)\s*([\w./-]*))?\s*$/.exec(term);
    if (!m) throw new Error(`unable to parse requirement: ${term}`);
    const [, not, key, op, value] = m;
    if (!op) return (l: Json) => (not ? !(key! in l) : key! in l);
    return (l: Json) => (op === "!=" ? l[key!] !== value : l[key!] === value);
  });
  return (labels) => terms.every((t) => t(labels));
}

const FIELDS: Record<string, (o: Json) => unknown> = {
  "metadata.name": (o) => (o.metadata as Json).name,
  "metadata.namespace": (o) => (o.metadata as Json).namespace,
  "status.phase": (o) => (o.status as Json | undefined)?.phase,
  "spec.nodeName": (o) => (o.spec as Json | undefined)?.nodeName,
};

function fieldSelector(selector: string): (obj: Json) => boolean {
  const terms = selector.split(",").filter(Boolean).map((term) => {
    const m = /^([\w.]+)(==|=|!=)(.*)$/.exec(term);
    if (!m || !FIELDS[m[1]!]) throw new Error(`field label not supported: ${m?.[1] ?? term}`);
    const [, field, op, value] = m;
    return (o: Json) => (op === "!=" ? String(FIELDS[field!]!(o) ?? "") !== value : String(FIELDS[field!]!(o) ?? "") === value);
  });
  return (o) => terms.every((t) => t(o));
}

async function apply(cluster: LoopbackCluster, type: ResourceType, namespace: string | undefined, name: string, req: Request, params: URLSearchParams): Promise<Response> {
  const contentType = (req.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (contentType !== APPLY_PATCH) {
    const accepted = cluster.crdFor(type) ? "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml" : "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml";
    return fail(status(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted}`));
  }
  const dryRun = params.get("dryRun");
  if (dryRun !== null && dryRun !== "All") return fail(status(400, "BadRequest", `Invalid dryRun value "${dryRun}": valid values are "All"`));
  if (!params.get("fieldManager")) return fail(status(400, "BadRequest", "PATCH request with apply-patch+yaml requires fieldManager"));
  const validation = params.get("fieldValidation") ?? "Warn";
  if (!["Ignore", "Warn", "Strict"].includes(validation)) {
    return fail(status(400, "BadRequest", `fieldValidation must be one of "Ignore", "Warn" or "Strict", got "${validation}"`));
  }
  let body: unknown;
  try {
    body = parseApplyBody(await req.text());
  } catch (err) {
    return fail(status(400, "BadRequest", `error decoding YAML: ${(err as Error).message.split("\n")[0]}`));
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail(status(400, "BadRequest", "the body of an apply request must be an object"));
  const object = body as Json;
  const meta = (object.metadata ?? {}) as Json;
  const gvk = `${groupVersion(type)}, Kind=${type.kind}`;
  if (object.apiVersion !== groupVersion(type) || object.kind !== type.kind) {
    return fail(status(400, "BadRequest", `apply patch has apiVersion "${object.apiVersion}" kind "${object.kind}", the request is for ${gvk}`));
  }
  if (meta.name !== name) return fail(status(400, "BadRequest", `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`));
  if (type.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
    return fail(status(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"));
  }
  if (meta.managedFields !== undefined) return fail(status(400, "BadRequest", "metadata.managedFields must be nil"));
  if (type.namespaced && !cluster.get(cluster.resourceOf("v1", "Namespace")!, undefined, namespace!)) {
    return fail(notFound("namespaces", namespace!, "", "namespaces"));
  }

  const crd = cluster.crdFor(type);
  const problems = crd ? cluster.crdValidators.validate(crd, type.version, object) : validateBuiltIn(type, object);
  const warnings: string[] = [];
  if (problems.unknownFields.length > 0) {
    if (validation === "Strict") {
      const where = namespace ? `${namespace}/${name}` : name;
      return fail(status(400, "BadRequest", `failed to create typed patch object (${where}; ${gvk}): ${problems.unknownFields[0]}: field not declared in schema`));
    }
    if (validation === "Warn") warnings.push(...problems.unknownFields.map((f) => `unknown field "${f.slice(1)}"`));
  }
  if (problems.causes.length > 0) return fail(invalid(type.kind, type.group, name, problems.causes));
  for (const hook of cluster.webhooks) {
    const denial = hook.review(object, { namespace, resource: type.plural, dryRun: dryRun === "All" });
    if (denial) return fail(status(403, "Forbidden", `admission webhook "${hook.name}" denied the request: ${denial}`, { name, group: type.group, kind: type.plural }));
    warnings.push(...(hook.warnings?.(object) ?? []));
  }
  const existing = cluster.get(type, namespace, name);
  // `object` was parsed from this request's body: it is already a copy.
  const result = withServerFields({ ...structuredClone(existing ?? {}), ...object, metadata: { ...((existing?.metadata as Json) ?? {}), ...meta, namespace: type.namespaced ? namespace : undefined } }, cluster.objects.size + 1);
  if (dryRun !== "All") cluster.persist(type, result);
  const headers = warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") } : undefined;
  return json(result, existing ? 200 : 201, headers);
}
