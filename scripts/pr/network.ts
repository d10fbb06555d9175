import { foldersOf, inFolders, parseManifest, type FileMap } from "./changeset";

/**
 * What an environment's NetworkPolicies allow, per workload and direction, as
 * peer × port grants: the meaning of the policies rather than their text, so
 * a change can be told a widening (a grant not covered before) from a
 * narrowing (a grant no longer covered). Policies add up as Kubernetes adds
 * them: a pod selected by no policy of a direction is not isolated in it.
 */
type Doc = Record<string, any>;
export type Direction = "ingress" | "egress";

export interface Selector {
  matchLabels: Record<string, string>;
  /** matchExpressions, each as canonical JSON: compared for equality only. */
  expressions: string[];
}

export type Peer =
  | { type: "anywhere" }
  | { type: "cidr"; cidr: string; except: string[] }
  /** namespaces undefined: the policy's own namespace. */
  | { type: "pods"; namespaces?: Selector; pods: Selector };

export interface Grant {
  direction: Direction;
  peer: Peer;
  /** "8080/TCP", "http/TCP", "9000-9100/TCP" or "all ports". */
  port: string;
  /** The policy granting it ("ns/name"); none for a workload no policy isolates. */
  policy?: string;
  /** Granted by a policy selecting every pod of its namespace (DNS, default allowances). */
  namespaceWide: boolean;
}

export interface Workload {
  key: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

export interface NetworkDelta {
  /** "Deployment namespace/name". */
  workload: string;
  namespace: string;
  direction: Direction;
  change: "widened" | "narrowed";
  grant: Grant;
  /** The policies the change comes from. */
  policies: string[];
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Rollout", "Job", "CronJob"]);
const ANY_PORT = "all ports";
const NAMESPACE_NAME = "kubernetes.io/metadata.name";

export interface NetworkView {
  workloads: Map<string, Workload>;
  policies: Doc[];
  namespaceLabels: Map<string, Record<string, string>>;
  /** The same, by namespace: a policy or a peer only ever concerns the namespaces it names. */
  workloadsIn: Map<string, Workload[]>;
  /** Workloads by "namespace\0label=value" of their pod labels: a peer's first label narrows the search. */
  workloadsLabelled: Map<string, Workload[]>;
  /** Policies by "namespace\0label=value" of their pod selector's first label, or "namespace\0" without one. */
  policiesLabelled: Map<string, { policy: Doc; selects: Selector }[]>;
}

/** The pod template of a workload; a CronJob's is inside its Job template. */
function podTemplateOf(doc: Doc): Doc | undefined {
  return doc.kind === "CronJob" ? doc.spec?.jobTemplate?.spec?.template : doc.spec?.template;
}

/** The workloads, NetworkPolicies and Namespace labels of one environment's files. */
export function networkOf(files: FileMap, environment: string): NetworkView {
  const workloads = new Map<string, Workload>();
  const policies: Doc[] = [];
  const namespaceLabels = new Map<string, Record<string, string>>();
  const folders = foldersOf(environment);
  for (const [path, text] of files) {
    if (!inFolders(folders, path) || !/^kind:\s*["']?(Deployment|StatefulSet|DaemonSet|Rollout|Job|CronJob|NetworkPolicy|Namespace)\b/m.test(text)) continue;
    const doc = parseManifest(text) as Doc | undefined;
    if (!doc) continue;
    const meta: Doc = doc.metadata ?? {};
    if (doc.kind === "NetworkPolicy") policies.push(doc);
    else if (doc.kind === "Namespace") namespaceLabels.set(meta.name, { ...(meta.labels ?? {}), [NAMESPACE_NAME]: meta.name });
    else if (WORKLOADS.has(doc.kind)) {
      const key = `${doc.kind} ${meta.namespace}/${meta.name}`;
      workloads.set(key, { key, kind: doc.kind, namespace: meta.namespace, name: meta.name, labels: podTemplateOf(doc)?.metadata?.labels ?? {} });
    }
  }
  const byNamespace = <T>(items: T[], ns: (x: T) => string) => groupBy(items.map((item) => [ns(item), item] as const));
  return {
    workloads,
    policies,
    namespaceLabels,
    workloadsIn: byNamespace([...workloads.values()], (w) => w.namespace),
    workloadsLabelled: groupBy([...workloads.values()].flatMap((w) => Object.entries(w.labels).map(([k, v]) => [`${w.namespace}\0${k}=${v}`, w] as const))),
    policiesLabelled: groupBy(
      policies.map((policy) => {
        const selector = selectorOf(policy.spec?.podSelector);
        const first = Object.entries(selector.matchLabels)[0];
        return [`${policy.metadata?.namespace}\0${first ? `${first[0]}=${first[1]}` : ""}`, { policy, selects: selector }] as const;
      }),
    ),
  };
}

function groupBy<T>(pairs: (readonly [string, T])[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const [key, item] of pairs) {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

/** Everything a workload may send or receive in one direction. */
export function grantsOf(view: NetworkView, w: Workload, direction: Direction): Grant[] {
  const grants: Grant[] = [];
  let isolated = false;
  const candidates = [`${w.namespace}\0`, ...Object.entries(w.labels).map(([k, v]) => `${w.namespace}\0${k}=${v}`)].flatMap((key) => view.policiesLabelled.get(key) ?? []);
  for (const { policy, selects: podSelector } of candidates) {
    const spec = policy.spec ?? {};
    if (!matches(podSelector, w.labels)) continue;
    if (!typesOf(spec).includes(direction)) continue;
    isolated = true;
    const name = `${policy.metadata.namespace}/${policy.metadata.name}`;
    const namespaceWide = Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 && !(spec.podSelector?.matchExpressions ?? []).length;
    for (const rule of spec[direction] ?? []) {
      const peers: Peer[] = (rule[direction === "ingress" ? "from" : "to"] ?? []).map(peerOf);
      const ports: string[] = (rule.ports ?? []).map(portOf);
      for (const peer of peers.length ? peers : [{ type: "anywhere" } as Peer]) {
        for (const port of ports.length ? ports : [ANY_PORT]) grants.push({ direction, peer, port, policy: name, namespaceWide });
      }
    }
  }
  return isolated ? grants : [{ direction, peer: { type: "anywhere" }, port: ANY_PORT, namespaceWide: false }];
}

/**
 * For each workload present before and after, what its traffic gained or
 * lost. Workloads that come or go are not compared: their traffic is new or gone with them.
 */
export function compareNetwork(before: NetworkView, after: NetworkView): NetworkDelta[] {
  const deltas: NetworkDelta[] = [];
  // Only workloads a changed policy selects (or whose labels changed) can see a difference.
  const changed = changedPolicies(before, after);
  for (const [key, now] of after.workloads) {
    const then = before.workloads.get(key);
    if (!then) continue;
    const relabelled = JSON.stringify(then.labels) !== JSON.stringify(now.labels);
    if (!relabelled && !changed.some((p) => p.metadata?.namespace === now.namespace && selects(p.spec?.podSelector, now.labels))) continue;
    for (const direction of ["ingress", "egress"] as const) {
      const old = grantsOf(before, then, direction);
      const next = grantsOf(after, now, direction);
      const sources = (grants: Grant[]) => [...new Set(grants.map((g) => g.policy).filter((p): p is string => !!p))];
      for (const grant of next.filter((g) => !old.some((o) => covers(o, g)))) {
        deltas.push({ workload: key, namespace: now.namespace, direction, change: "widened", grant, policies: grant.policy ? [grant.policy] : sources(old) });
      }
      for (const grant of old.filter((g) => !next.some((n) => covers(n, g)))) {
        deltas.push({ workload: key, namespace: now.namespace, direction, change: "narrowed", grant, policies: grant.policy ? [grant.policy] : sources(next) });
      }
    }
  }
  return deltas;
}

/** Policies added, removed or edited, in the version of either side. */
function changedPolicies(before: NetworkView, after: NetworkView): Doc[] {
  const key = (p: Doc) => `${p.metadata?.namespace}/${p.metadata?.name}`;
  const text = (p: Doc) => JSON.stringify(p.spec ?? {});
  const old = new Map(before.policies.map((p) => [key(p), p]));
  const now = new Map(after.policies.map((p) => [key(p), p]));
  return [...before.policies.filter((p) => now.get(key(p)) === undefined || text(now.get(key(p))!) !== text(p)), ...after.policies.filter((p) => old.get(key(p)) === undefined || text(old.get(key(p))!) !== text(p))];
}

/** Whether grant `a` allows everything grant `b` allows (when unsure: no). */
export function covers(a: Grant, b: Grant): boolean {
  return a.direction === b.direction && peerCovers(a.peer, b.peer) && portCovers(a.port, b.port);
}

function peerCovers(a: Peer, b: Peer): boolean {
  if (a.type === "anywhere") return true;
  if (a.type === "cidr") return b.type === "cidr" && cidrWithin(b.cidr, a.cidr) && a.except.every((x) => b.except.includes(x) || !cidrOverlaps(x, b.cidr));
  if (b.type !== "pods") return false;
  const namespaces = a.namespaces === undefined ? b.namespaces === undefined : b.namespaces !== undefined ? selectorCovers(a.namespaces, b.namespaces) : isEmpty(a.namespaces);
  return namespaces && selectorCovers(a.pods, b.pods);
}

/** A selector with fewer requirements selects more: `a` covers `b` when b requires all a requires. */
function selectorCovers(a: Selector, b: Selector): boolean {
  return Object.entries(a.matchLabels).every(([k, v]) => b.matchLabels[k] === v) && a.expressions.every((e) => b.expressions.includes(e));
}

function portCovers(a: string, b: string): boolean {
  if (a === ANY_PORT) return true;
  if (b === ANY_PORT) return false;
  const [ap, aproto] = a.split("/");
  const [bp, bproto] = b.split("/");
  if (aproto !== bproto) return false;
  const range = (p: string) => (/^\d+(-\d+)?$/.test(p) ? p.split("-").map(Number) : undefined);
  const ar = range(ap!);
  const br = range(bp!);
  if (!ar || !br) return ap === bp;
  return ar[0]! <= br[0]! && (ar[1] ?? ar[0]!) >= (br[1] ?? br[0]!);
}

function cidrWithin(inner: string, outer: string): boolean {
  const i = parseCidr(inner);
  const o = parseCidr(outer);
  if (!i || !o) return inner === outer;
  return i.bits >= o.bits && (i.addr & mask(o.bits)) === (o.addr & mask(o.bits));
}

function cidrOverlaps(a: string, b: string): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a);
}

/** IPv4 only; other notations are compared as text. */
function parseCidr(cidr: string): { addr: number; bits: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  return { addr: ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0, bits: Number(m[5]) };
}

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function typesOf(spec: Doc): Direction[] {
  if (Array.isArray(spec.policyTypes)) return spec.policyTypes.map((t: string) => t.toLowerCase() as Direction);
  // Kubernetes' default: Ingress always, Egress when the policy has egress rules.
  return spec.egress ? ["ingress", "egress"] : ["ingress"];
}

function selectorOf(selector: Doc | undefined): Selector {
  return {
    matchLabels: { ...(selector?.matchLabels ?? {}) },
    expressions: (selector?.matchExpressions ?? []).map((e: Doc) => JSON.stringify({ key: e.key, operator: e.operator, values: [...(e.values ?? [])].sort() })).sort(),
  };
}

function isEmpty(s: Selector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.expressions.length === 0;
}

function peerOf(p: Doc): Peer {
  if (p.ipBlock) return { type: "cidr", cidr: String(p.ipBlock.cidr), except: [...(p.ipBlock.except ?? [])].map(String).sort() };
  return { type: "pods", ...(p.namespaceSelector ? { namespaces: selectorOf(p.namespaceSelector) } : {}), pods: selectorOf(p.podSelector) };
}

function portOf(p: Doc): string {
  const port = p.port === undefined ? "any" : String(p.port);
  return `${port}${p.endPort ? `-${p.endPort}` : ""}/${p.protocol ?? "TCP"}`;
}

/** Whether a selector as written in a manifest selects these labels. */
export function selects(selector: Doc | undefined, labels: Record<string, string>): boolean {
  return matches(selectorOf(selector), labels);
}

/** matchLabels and matchExpressions semantics; an empty selector selects everything. */
export function matches(selector: Selector, labels: Record<string, string>): boolean {
  if (!Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return selector.expressions.every((text) => {
    const e = JSON.parse(text) as { key: string; operator: string; values: string[] };
    const value = labels[e.key];
    if (e.operator === "In") return value !== undefined && e.values.includes(value);
    if (e.operator === "NotIn") return value === undefined || !e.values.includes(value);
    if (e.operator === "Exists") return value !== undefined;
    if (e.operator === "DoesNotExist") return value === undefined;
    return false;
  });
}

/** The workloads a peer stands for, seen from a policy in `namespace`; none for addresses and other namespaces' pods. */
export function workloadsMatching(view: NetworkView, peer: Peer, namespace: string): Workload[] {
  if (peer.type !== "pods") return [];
  const namespaces = peer.namespaces === undefined ? [namespace] : [...view.workloadsIn.keys()].filter((ns) => namespaceMatches(view, peer, namespace, ns));
  const first = Object.entries(peer.pods.matchLabels)[0];
  const candidates = (ns: string) => (first ? view.workloadsLabelled.get(`${ns}\0${first[0]}=${first[1]}`) : view.workloadsIn.get(ns)) ?? [];
  return namespaces.flatMap((ns) => candidates(ns).filter((w) => matches(peer.pods, w.labels)));
}

/** Whether a peer, written in a policy of `namespace`, stands for workload `w`. */
export function peerMatches(view: NetworkView, peer: Peer, namespace: string, w: Workload): boolean {
  if (peer.type === "anywhere") return true;
  return peer.type === "pods" && namespaceMatches(view, peer, namespace, w.namespace) && matches(peer.pods, w.labels);
}

function namespaceMatches(view: NetworkView, peer: Extract<Peer, { type: "pods" }>, namespace: string, candidate: string): boolean {
  return peer.namespaces === undefined ? candidate === namespace : matches(peer.namespaces, view.namespaceLabels.get(candidate) ?? { [NAMESPACE_NAME]: candidate });
}

/** "ns monitoring", "ns kube-system, pods k8s-app=kube-dns", "10.20.0.0/24", "anywhere". */
export function peerText(peer: Peer, namespace?: string): string {
  if (peer.type === "anywhere") return "anywhere";
  if (peer.type === "cidr") return `${peer.cidr}${peer.except.length ? ` except ${peer.except.join(",")}` : ""}`;
  const labels = (s: Selector) =>
    [...Object.entries(s.matchLabels).map(([k, v]) => (k === NAMESPACE_NAME ? v : `${k}=${v}`)), ...s.expressions.map((e) => {
      const x = JSON.parse(e) as { key: string; operator: string; values: string[] };
      return `${x.key} ${x.operator}${x.values.length ? ` (${x.values.join(",")})` : ""}`;
    })].join(",");
  const ns = peer.namespaces === undefined ? `ns ${namespace ?? "(same)"}` : isEmpty(peer.namespaces) ? "any ns" : `ns ${labels(peer.namespaces)}`;
  return isEmpty(peer.pods) ? ns : `${ns}, pods ${labels(peer.pods)}`;
}
