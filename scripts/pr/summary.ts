import { foldersOf, inFolders, parseManifest, type EnvironmentChanges, type FileChange, type FileMap } from "./changeset";
import { quantityOf } from "../../environments/source/quantity";
import { secondsOf } from "./quantity";
import { compareNetwork, networkOf, peerText, selects, type NetworkDelta } from "./network";
import { PATCHED_BY_ANNOTATION } from "../../charts/labels";
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION } from "../../charts/batch/hook-annotations";
import { serviceGraph, type ServiceGraph } from "./graph";
import { rolloutPlan, rolloutRisks } from "./rollout-plan";
import { claimFacts, modelFacts } from "./model-facts";

/**
 * What a reviewer cares about in a change, read from the manifests themselves:
 * field-level facts (images, replicas, resources, PDB, NetworkPolicy rules,
 * alert thresholds, backup retention), risk flags and the capacity delta.
 */
export interface Fact {
  resource: string;
  field: string;
  before?: string;
  after?: string;
}

export interface RiskFlag {
  code: string;
  resource: string;
  message: string;
}

export interface Range {
  min: number;
  max: number;
}

export interface Capacity {
  gpu: Range;
  cpu: Range;
  memory: Range;
}

export interface EnvironmentSummary {
  environment: string;
  production: boolean;
  facts: Fact[];
  risks: RiskFlag[];
  /** What the NetworkPolicies allow that they did not (widened) or no longer allow (narrowed). */
  network: NetworkDelta[];
  /** The environment's services and who may call whom, before and after. */
  graph: ServiceGraph;
  capacity: { before: Capacity; after: Capacity };
}

type Doc = Record<string, any>;

const WORKLOADS = new Set(["Deployment", "StatefulSet", "Rollout"]);
const GPU = "nvidia.com/gpu";
const CAPACITY_KINDS = /^kind:\s*["']?(Deployment|StatefulSet|Rollout|HorizontalPodAutoscaler)\b/m;
const CHAOS_PAUSE = "experiment.chaos-mesh.org/pause";
/** StatefulSet fields the API server refuses to update (the rest of the spec may change). */
const STATEFULSET_FIXED_FIELDS = ["volumeClaimTemplates", "serviceName", "podManagementPolicy", "selector"];

export function summarize(changes: EnvironmentChanges, before: FileMap, after: FileMap, production: boolean): EnvironmentSummary {
  const env = changes.environment;
  const facts: Fact[] = [];
  const risks: RiskFlag[] = [];
  const remaining = workloadsOf(after, env).filter((d) => WORKLOADS.has(d.kind));
  // A PDB or NetworkPolicy removed with the pods it selected protected nothing any more.
  const podsRemain = (policy: Doc, selector: Doc | undefined) =>
    remaining.some((w) => w.metadata?.namespace === policy.metadata?.namespace && selects(selector, w.spec?.template?.metadata?.labels ?? {}));
  for (const change of changes.changes) {
    const old = parseManifest(change.before);
    const now = parseManifest(change.after);
    const resource = label(change);
    const a = old ? fieldsOf(old) : new Map<string, string>();
    const b = now ? fieldsOf(now) : new Map<string, string>();
    const changed = [...new Set([...a.keys(), ...b.keys()])].filter((field) => a.get(field) !== b.get(field));
    const newVersion = old?.kind === "Rollout" && now?.kind === "Rollout" && changed.some((field) => field.endsWith(" image"));
    for (const field of changed) {
      // A Rollout's new version ships by its plan, shown instead of the bare image change.
      if (newVersion && field.endsWith(" image")) continue;
      facts.push({ resource, field, before: a.get(field), after: b.get(field) });
    }
    if (newVersion) {
      const images = (m: Map<string, string>) => [...m].filter(([field]) => field.endsWith(" image")).map(([, image]) => image).join(", ");
      facts.push({ resource, field: "rollout plan", before: images(a), after: `${images(b)} by ${rolloutPlan(now, (name) => analysisTemplateBeside(after, change.path, name))}` });
    }
    if (now?.kind === "Rollout") risks.push(...rolloutRisks(now, production).map((r) => ({ ...r, resource })));
    risks.push(...riskFlags(resource, old, now, production, podsRemain));
  }
  const views = { before: networkOf(before, env), after: networkOf(after, env) };
  const network = compareNetwork(views.before, views.after);
  risks.push(...wideningFlags(network));
  const graph = serviceGraph(views.before, views.after, servicesTouched(changes));
  const capacity = { before: capacityOf(before, env), after: capacityOf(after, env) };
  if (production) {
    for (const key of ["min", "max"] as const) {
      if (capacity.after.gpu[key] < capacity.before.gpu[key]) {
        risks.push({ code: "gpu-reduced", resource: "all workloads", message: `GPUs at ${key} replicas drop from ${capacity.before.gpu[key]} to ${capacity.after.gpu[key]} in production` });
      }
    }
  }
  return { environment: env, production, facts, risks, network, graph, capacity };
}

/** The AnalysisTemplate a Rollout names, from the service's folder (where synth writes both). */
function analysisTemplateBeside(files: FileMap, rolloutPath: string, name: string): Doc | undefined {
  const folder = rolloutPath.slice(0, rolloutPath.lastIndexOf("/") + 1);
  for (const [path, text] of files) {
    if (!path.startsWith(folder) || path.slice(folder.length).includes("/") || !/^kind:\s*["']?AnalysisTemplate\b/m.test(text)) continue;
    const doc = parseManifest(text) as Doc | undefined;
    if (doc?.metadata?.name === name) return doc;
  }
  return undefined;
}

/** "namespace/service" of every service folder the change touches (its manifests or its alert tests). */
function servicesTouched(changes: EnvironmentChanges): Set<string> {
  const touched = new Set<string>();
  for (const c of changes.changes) {
    const parts = c.path.split("/");
    const at = parts[0] === changes.environment ? 1 : parts[1] === changes.environment ? 2 : -1;
    if (at > 0 && parts.length > at + 2) touched.add(`${parts[at]}/${parts[at + 1]}`);
  }
  return touched;
}

/** One flag per policy and direction that lets in or out traffic it did not before. */
function wideningFlags(deltas: NetworkDelta[]): RiskFlag[] {
  const grouped = new Map<string, { resource: string; direction: string; workloads: Set<string>; what: Set<string> }>();
  for (const d of deltas.filter((x) => x.change === "widened")) {
    const resource = d.policies.length ? d.policies.map((p) => `NetworkPolicy ${p}`).join(", ") : d.workload;
    const key = `${resource}\0${d.direction}`;
    const entry = grouped.get(key) ?? { resource, direction: d.direction, workloads: new Set(), what: new Set() };
    entry.workloads.add(d.workload.split("/").pop()!);
    entry.what.add(`${peerText(d.grant.peer, d.namespace)} · ${d.grant.port}`);
    grouped.set(key, entry);
  }
  return [...grouped.values()].map((g) => ({
    code: "networkpolicy-widened",
    resource: g.resource,
    message: `${g.direction} of ${[...g.workloads].join(", ")} now also allows ${[...g.what].join("; ")}`,
  }));
}

export function label(change: FileChange): string {
  const r = change.resource;
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
}

/** The reviewed fields of one manifest, flattened to "field → value" text. */
function fieldsOf(doc: Doc): Map<string, string> {
  const fields = new Map<string, string>();
  const put = (field: string, value: unknown) => {
    if (value !== undefined && value !== null) fields.set(field, typeof value === "string" ? value : JSON.stringify(value));
  };
  const spec = doc.spec ?? {};
  const putContainers = (template: Doc | undefined) => {
    for (const c of template?.spec?.containers ?? []) {
      put(`${c.name} image`, c.image);
      for (const kind of ["requests", "limits"] as const) {
        for (const [res, value] of Object.entries(c.resources?.[kind] ?? {})) put(`${c.name} ${res} ${kind.slice(0, -1)}`, value);
      }
    }
  };
  if (WORKLOADS.has(doc.kind)) {
    put("replicas", spec.replicas ?? 1);
    putContainers(spec.template);
    for (const claim of spec.volumeClaimTemplates ?? []) {
      const volume = `volume ${claim.metadata?.name}`;
      put(`${volume} size`, claim.spec?.resources?.requests?.storage);
      put(`${volume} storage class`, claim.spec?.storageClassName ?? "(the cluster's default)");
      put(`${volume} access modes`, (claim.spec?.accessModes ?? []).join(", "));
    }
    for (const [field, value] of modelFacts(spec.template)) put(field, value);
  } else if (doc.kind === "PersistentVolumeClaim") {
    for (const [field, value] of claimFacts(spec)) put(field, value);
  } else if (doc.kind === "Job" || doc.kind === "CronJob") {
    const job = doc.kind === "CronJob" ? spec.jobTemplate?.spec ?? {} : spec;
    put("hook phase", doc.metadata?.annotations?.[HOOK_ANNOTATION]);
    put("hook delete policy", doc.metadata?.annotations?.[HOOK_DELETE_POLICY_ANNOTATION]);
    put("schedule", spec.schedule !== undefined && spec.timeZone !== undefined ? `${spec.schedule} (${spec.timeZone})` : spec.schedule);
    put("concurrencyPolicy", spec.concurrencyPolicy);
    put("startingDeadlineSeconds", spec.startingDeadlineSeconds);
    put("history kept (succeeded, failed)", doc.kind === "CronJob" ? `${spec.successfulJobsHistoryLimit ?? 3}, ${spec.failedJobsHistoryLimit ?? 1}` : undefined);
    put("backoffLimit", job.backoffLimit);
    put("activeDeadlineSeconds", job.activeDeadlineSeconds);
    put("ttlSecondsAfterFinished", job.ttlSecondsAfterFinished);
    putContainers(job.template);
  } else if (doc.kind === "HorizontalPodAutoscaler") {
    put("minReplicas", spec.minReplicas ?? 1);
    put("maxReplicas", spec.maxReplicas);
    for (const m of spec.metrics ?? []) {
      const metric = m.resource ?? m.pods ?? m.object ?? m.external ?? m.containerResource ?? {};
      const name = metric.name ?? metric.metric?.name ?? m.type;
      put(`target ${name}`, metric.target?.averageUtilization !== undefined ? `${metric.target.averageUtilization}%` : metric.target?.averageValue ?? metric.target?.value);
    }
  } else if (doc.kind === "ScaledObject") {
    put("minReplicaCount", spec.minReplicaCount ?? 0);
    put("maxReplicaCount", spec.maxReplicaCount);
  } else if (doc.kind === "PodDisruptionBudget") {
    put("minAvailable", spec.minAvailable);
    put("maxUnavailable", spec.maxUnavailable);
  } else if (doc.kind === "NetworkPolicy") {
    put("policyTypes", (spec.policyTypes ?? []).join(", "));
    (spec.ingress ?? []).forEach((rule: Doc, i: number) => put(`ingress rule ${i + 1}`, describeRule(rule, rule.from)));
    (spec.egress ?? []).forEach((rule: Doc, i: number) => put(`egress rule ${i + 1}`, describeRule(rule, rule.to)));
  } else if (doc.kind === "PrometheusRule") {
    for (const group of spec.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (!rule.alert) continue;
        put(`alert ${rule.alert}`, rule.expr);
        put(`alert ${rule.alert} for`, rule.for);
      }
    }
  } else if (isVelero(doc)) {
    put("backup schedule", spec.schedule);
    put("backup retention", spec.template?.ttl);
  } else if (isChaos(doc)) {
    put("chaos schedule", spec.schedule);
    put("chaos type", spec.type);
    put("chaos paused", doc.metadata?.annotations?.[CHAOS_PAUSE] ?? "false");
  }
  for (const [key, value] of Object.entries(waiversOf(doc))) put(`waiver ${key}`, value);
  // An environment's patch changed the object: reviewers see which one and why (the diff shows what).
  put("patched by", doc.metadata?.annotations?.[PATCHED_BY_ANNOTATION]);
  return fields;
}

/** "ns kube-system, pods k8s-app=kube-dns · 53/UDP, 53/TCP": what a reviewer reads in a rule. */
function describeRule(rule: Doc, peers: Doc[] | undefined): string {
  const labels = (selector: Doc | undefined) =>
    Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => (k === "kubernetes.io/metadata.name" ? String(v) : `${k}=${v}`)).join(",") || "any";
  const who = (peers ?? []).map((p) => {
    if (p.ipBlock) return `cidr ${p.ipBlock.cidr}${p.ipBlock.except?.length ? ` except ${p.ipBlock.except.join(",")}` : ""}`;
    const parts = [];
    if (p.namespaceSelector) parts.push(`ns ${labels(p.namespaceSelector)}`);
    if (p.podSelector) parts.push(`pods ${labels(p.podSelector)}`);
    return parts.join(" ");
  });
  const ports = (rule.ports ?? []).map((p: Doc) => `${p.port ?? "any"}${p.endPort ? `-${p.endPort}` : ""}/${p.protocol ?? "TCP"}`);
  return `${who.length ? who.join("; ") : "anywhere"} · ${ports.length ? ports.join(", ") : "all ports"}`;
}

function riskFlags(
  resource: string,
  old: Doc | undefined,
  now: Doc | undefined,
  production: boolean,
  podsRemain: (policy: Doc, selector: Doc | undefined) => boolean,
): RiskFlag[] {
  const flags: RiskFlag[] = [];
  const flag = (code: string, message: string) => flags.push({ code, resource, message });
  const kind = (now ?? old)?.kind;
  if (production && WORKLOADS.has(kind) && old) {
    const before = old.spec?.replicas ?? 1;
    const after = now ? now.spec?.replicas ?? 1 : 0;
    if (after < before) flag("replicas-reduced", `replicas drop from ${before} to ${after} in production`);
  }
  if (kind === "StatefulSet" && old && now) {
    const changed = STATEFULSET_FIXED_FIELDS.filter((field) => JSON.stringify(old.spec?.[field]) !== JSON.stringify(now.spec?.[field]));
    if (changed.length > 0) {
      flag("statefulset-fields-fixed", `${changed.join(", ")} of an existing StatefulSet cannot change: the API server refuses the update, so the sync fails until the StatefulSet is deleted (its pods orphaned, volumes kept) and created again`);
    }
  }
  if (production && kind === "HorizontalPodAutoscaler" && old) {
    const before = old.spec?.minReplicas ?? 1;
    const after = now ? now.spec?.minReplicas ?? 1 : 0;
    if (after < before) flag("replicas-reduced", `minimum replicas drop from ${before} to ${after} in production`);
  }
  if (kind === "PodDisruptionBudget" && old) {
    if (!now) {
      if (podsRemain(old, old.spec?.selector)) flag("pdb-removed", "PodDisruptionBudget removed while its pods remain");
    }
    else if (pdbLooser(old.spec ?? {}, now.spec ?? {})) flag("pdb-loosened", `PodDisruptionBudget allows more disruption (${pdbText(old.spec)} → ${pdbText(now.spec)})`);
  }
  const oldWaivers = old ? waiversOf(old) : {};
  for (const key of Object.keys(now ? waiversOf(now) : {})) {
    if (!(key in oldWaivers)) flag("waiver-added", `policy waiver added (${key})`);
  }
  if (production && now && isChaos(now) && !chaosPaused(now) && (!old || chaosPaused(old))) {
    flag("chaos-enabled", "chaos experiments enabled in production");
  }
  if (old && isVelero(old)) {
    const before = secondsOf(old.spec?.template?.ttl);
    const after = now ? secondsOf(now.spec?.template?.ttl) : 0;
    if (!now) flag("backup-retention-shortened", "backup schedule removed");
    else if (before !== undefined && after !== undefined && after < before) {
      flag("backup-retention-shortened", `backup retention shortened from ${old.spec.template.ttl} to ${now.spec.template.ttl}`);
    }
  }
  return flags;
}

function pdbText(spec: Doc | undefined): string {
  if (spec?.minAvailable !== undefined) return `minAvailable ${spec.minAvailable}`;
  return spec?.maxUnavailable !== undefined ? `maxUnavailable ${spec.maxUnavailable}` : "no limit";
}

/** Percentages and counts are compared only with their own kind. */
function pdbLooser(old: Doc, now: Doc): boolean {
  if (old.minAvailable !== undefined && now.minAvailable === undefined && now.maxUnavailable !== undefined) return true;
  const lower = (a: unknown, b: unknown) => typeof a === typeof b && parseFloat(String(b)) < parseFloat(String(a));
  if (old.minAvailable !== undefined && now.minAvailable !== undefined && lower(old.minAvailable, now.minAvailable)) return true;
  if (old.maxUnavailable !== undefined && now.maxUnavailable !== undefined && lower(now.maxUnavailable, old.maxUnavailable)) return true;
  return old.maxUnavailable !== undefined && now.maxUnavailable === undefined && now.minAvailable === undefined;
}

/** Policy exemptions written on the object itself: `exempt.gitops-forge.io/<policy-id>: <reason>`. */
function waiversOf(doc: Doc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.metadata?.annotations ?? {})) {
    if (key.startsWith("exempt.gitops-forge.io/")) out[key] = String(value);
  }
  return out;
}

function isVelero(doc: Doc): boolean {
  return doc.kind === "Schedule" && String(doc.apiVersion).startsWith("velero.io/");
}

function isChaos(doc: Doc): boolean {
  return String(doc.apiVersion).startsWith("chaos-mesh.org/");
}

function chaosPaused(doc: Doc): boolean {
  return doc.metadata?.annotations?.[CHAOS_PAUSE] === "true";
}

/** GPUs, CPU and memory requested by an environment's workloads at minimum and maximum replicas. */
/** Workloads and autoscalers of an environment; other manifests are not even parsed. */
function workloadsOf(files: FileMap, environment: string): Doc[] {
  return [...files]
    .filter(([path, text]) => inFolders(foldersOf(environment), path) && CAPACITY_KINDS.test(text))
    .map(([, text]) => parseManifest(text))
    .filter((d): d is Doc => !!d);
}

export function capacityOf(files: FileMap, environment: string): Capacity {
  const docs = workloadsOf(files, environment);
  const scaling = new Map<string, Range>();
  for (const hpa of docs.filter((d) => d.kind === "HorizontalPodAutoscaler")) {
    const target = hpa.spec?.scaleTargetRef ?? {};
    scaling.set(`${hpa.metadata?.namespace}/${target.kind}/${target.name}`, { min: hpa.spec?.minReplicas ?? 1, max: hpa.spec?.maxReplicas ?? 1 });
  }
  const total: Capacity = { gpu: { min: 0, max: 0 }, cpu: { min: 0, max: 0 }, memory: { min: 0, max: 0 } };
  for (const w of docs.filter((d) => WORKLOADS.has(d.kind))) {
    const replicas = w.spec?.replicas ?? 1;
    const range = scaling.get(`${w.metadata?.namespace}/${w.kind}/${w.metadata?.name}`) ?? { min: replicas, max: replicas };
    const pod = { gpu: 0, cpu: 0, memory: 0 };
    for (const c of w.spec?.template?.spec?.containers ?? []) {
      const requests = c.resources?.requests ?? {};
      const limits = c.resources?.limits ?? {};
      pod.gpu += quantityOf(requests[GPU] ?? limits[GPU]) ?? 0;
      pod.cpu += quantityOf(requests.cpu ?? limits.cpu) ?? 0;
      pod.memory += quantityOf(requests.memory ?? limits.memory) ?? 0;
    }
    for (const key of ["gpu", "cpu", "memory"] as const) {
      total[key].min += pod[key] * range.min;
      total[key].max += pod[key] * range.max;
    }
  }
  return total;
}
