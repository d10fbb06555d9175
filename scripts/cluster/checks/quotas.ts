import type { Finding } from "../findings";
import { describeObject, isRecord, type GeneratedObject } from "../objects";
import { quantityOf as parseQuantity } from "../../../environments/source/quantity";
import { isReplacedBySync, podResource, type Workload } from "../workloads";
import { storageDemand, storageHeldByOthers, type VolumeClaim } from "./storage";

/** Resources a quota forces every container to declare (extended resources such as GPUs are not). */
const MUST_DECLARE = new Set(["cpu", "memory"]);

interface Quota {
  name: string;
  namespace: string;
  hard: Record<string, unknown>;
  file?: string;
}

/** Quota keys for compute resources: `requests.cpu`, `cpu` (= requests), `limits.memory`, `requests.nvidia.com/gpu`. */
function computeKey(key: string): { kind: "requests" | "limits"; resource: string } | undefined {
  if (key === "cpu" || key === "memory") return { kind: "requests", resource: key };
  const m = /^(requests|limits)\.(.+)$/.exec(key);
  return m ? { kind: m[1] as "requests" | "limits", resource: m[2]! } : undefined;
}

/**
 * The namespace's quotas after the sync (generated ResourceQuotas replace live
 * ones of the same name; other live ones stay) must hold the generated
 * workloads, next to the running pods that are not theirs, at their minimum
 * replicas (error) and at their HPA maximum (warning). A quota on cpu or memory also makes every container declare it,
 * unless a LimitRange supplies a default.
 */
export function checkQuotas(
  generated: readonly GeneratedObject[],
  workloads: readonly Workload[],
  live: { quotas: Record<string, unknown>[]; limitRanges: Record<string, unknown>[]; pods: Record<string, unknown>[]; claims?: Record<string, unknown>[] },
  countKeyOf: (g: GeneratedObject) => string | undefined,
  claims: readonly VolumeClaim[] = [],
): Finding[] {
  const quotas = effectiveQuotas(generated, live.quotas);
  const defaults = limitRangeDefaults(generated, live.limitRanges);
  const findings: Finding[] = [];
  for (const quota of quotas) {
    const mine = workloads.filter((w) => w.namespace === quota.namespace);
    const object = `ResourceQuota/${quota.namespace}/${quota.name}`;
    for (const [key, hardValue] of Object.entries(quota.hard).sort(([a], [b]) => a.localeCompare(b))) {
      const hard = parseQuantity(hardValue);
      if (hard === undefined) continue;
      // Storage keys count every claim (generated PersistentVolumeClaims once, each StatefulSet pod's own), so the object count must not count the generated ones again.
      const storage = storageDemand(key, quota.namespace, claims);
      const demand = storage ?? demandFor(key, quota.namespace, mine, generated, countKeyOf);
      if (!demand || (storage && demand.atMax === 0)) continue;
      const others = storage ? storageHeldByOthers(key, quota.namespace, live.claims ?? [], claims) : heldByOthers(key, quota.namespace, live.pods, workloads);
      const held = others > 0 ? ` while other ${storage ? "claims" : "pods"} in the namespace hold ${formatLike(others, hardValue)}` : "";
      if (demand.atMin + others > hard) {
        findings.push({ check: "quota", severity: "error", object, file: quota.file, message: `${key}: the generated workloads need ${formatLike(demand.atMin, hardValue)} at minimum replicas${held}, the quota allows ${String(hardValue)}`, remedy: storage ? `raise ${key} in the quota or lower the services' minimum replicas or their volumes' sizes` : `raise ${key} in the quota or lower the services' minimum replicas or requests` });
      } else if (demand.atMax + others > hard) {
        findings.push({ check: "quota", severity: "warning", object, file: quota.file, message: `${key}: the autoscalers can grow to ${formatLike(demand.atMax, hardValue)}${held}, the quota allows ${String(hardValue)}; scale-out will stop early`, remedy: `raise ${key} in the quota or lower maxReplicas` });
      }
      if (!storage && demand.atMin + others <= hard) findings.push(...updateFindings(key, hard, hardValue, demand.atMin + others, mine, object, quota.file));
      const compute = computeKey(key);
      if (!compute || !MUST_DECLARE.has(compute.resource) || defaults.has(`${quota.namespace}/${compute.kind}/${compute.resource}`)) continue;
      for (const w of mine) {
        const { unsetIn } = podResource(w.podSpec, compute.kind, compute.resource);
        if (unsetIn.length === 0) continue;
        findings.push({ check: "quota", severity: "error", object: describeObject(w.source.object), file: w.source.file, message: `quota ${quota.name} constrains ${key} but container ${unsetIn.map((c) => `"${c}"`).join(", ")} sets no ${compute.kind}.${compute.resource} and no LimitRange gives a default: its pods would be rejected`, remedy: `set resources.${compute.kind}.${compute.resource} on every container, or add a LimitRange default` });
      }
    }
  }
  return findings;
}

/**
 * Services update one at a time: each one's surge (see updateSurge) on top
 * of every workload at minimum replicas must fit, or its update stalls.
 */
function updateFindings(key: string, hard: number, hardValue: unknown, base: number, workloads: readonly Workload[], object: string, file: string | undefined): Finding[] {
  const compute = computeKey(key);
  if (key !== "pods" && !compute) return [];
  return workloads.flatMap((w) => {
    const extra = w.surge * (compute ? podResource(w.podSpec, compute.kind, compute.resource).total : 1);
    if (extra === 0 || base + extra <= hard) return [];
    const message = `${key}: an update of ${describeObject(w.source.object)} needs ${formatLike(extra, hardValue)} more beside the minimum replicas (${w.update}), ${formatLike(base + extra, hardValue)} in all, the quota allows ${String(hardValue)}; the update would stall`;
    return [{ check: "quota", severity: "warning" as const, object, file, message, remedy: `raise ${key} in the quota, or update ${describeObject(w.source.object)} with less surge (a smaller maxSurge, or a canary without traffic routing)` }];
  });
}

function demandFor(key: string, namespace: string, workloads: readonly Workload[], generated: readonly GeneratedObject[], countKeyOf: (g: GeneratedObject) => string | undefined) {
  if (key === "pods") return sum(workloads, () => 1);
  const compute = computeKey(key);
  if (compute) return sum(workloads, (w) => podResource(w.podSpec, compute.kind, compute.resource).total);
  const counted = key.startsWith("count/") ? key.slice("count/".length) : key;
  const n = generated.filter((g) => g.object.metadata.namespace === namespace && countKeyOf(g) === counted).length;
  return n > 0 ? { atMin: n, atMax: n } : undefined;
}

/** What running pods outside the generated workloads (which the sync replaces) already count against `key`. */
function heldByOthers(key: string, namespace: string, pods: Record<string, unknown>[], workloads: readonly Workload[]): number {
  const compute = computeKey(key);
  if (key !== "pods" && !compute) return 0;
  let total = 0;
  for (const pod of pods) {
    if (!isRecord(pod.metadata) || pod.metadata.namespace !== namespace || isReplacedBySync(pod, workloads)) continue;
    const spec = isRecord(pod.spec) ? pod.spec : {};
    total += compute ? podResource(spec, compute.kind, compute.resource).total : 1;
  }
  return total;
}

function sum(workloads: readonly Workload[], perPod: (w: Workload) => number) {
  let atMin = 0;
  let atMax = 0;
  for (const w of workloads) {
    atMin += perPod(w) * w.minReplicas;
    atMax += perPod(w) * w.maxReplicas;
  }
  return { atMin, atMax };
}

function effectiveQuotas(generated: readonly GeneratedObject[], liveQuotas: Record<string, unknown>[]): Quota[] {
  const byKey = new Map<string, Quota>();
  for (const q of liveQuotas) {
    const meta = isRecord(q.metadata) ? q.metadata : {};
    const spec = isRecord(q.spec) ? q.spec : {};
    if (spec.scopes || spec.scopeSelector) continue; // scoped quotas apply to a subset of pods
    byKey.set(`${meta.namespace}/${meta.name}`, { name: String(meta.name), namespace: String(meta.namespace), hard: isRecord(spec.hard) ? spec.hard : {} });
  }
  for (const { object, file } of generated) {
    if (object.kind !== "ResourceQuota" || !isRecord(object.spec) || object.spec.scopes || object.spec.scopeSelector) continue;
    const namespace = object.metadata.namespace ?? "default";
    byKey.set(`${namespace}/${object.metadata.name}`, { name: object.metadata.name, namespace, hard: isRecord(object.spec.hard) ? object.spec.hard : {}, file });
  }
  return [...byKey.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** `<namespace>/requests/<resource>` for every Container default a LimitRange (generated or live) provides. */
function limitRangeDefaults(generated: readonly GeneratedObject[], liveRanges: Record<string, unknown>[]): Set<string> {
  const out = new Set<string>();
  const ranges = [...liveRanges, ...generated.filter((g) => g.object.kind === "LimitRange").map((g) => g.object as Record<string, unknown>)];
  for (const range of ranges) {
    const namespace = isRecord(range.metadata) ? range.metadata.namespace : undefined;
    const limits = isRecord(range.spec) && Array.isArray(range.spec.limits) ? range.spec.limits.filter(isRecord) : [];
    for (const item of limits.filter((l) => l.type === "Container")) {
      // A default limit also becomes the default request when no defaultRequest is given.
      for (const r of Object.keys(isRecord(item.default) ? item.default : {})) out.add(`${namespace}/limits/${r}`).add(`${namespace}/requests/${r}`);
      for (const r of Object.keys(isRecord(item.defaultRequest) ? item.defaultRequest : {})) out.add(`${namespace}/requests/${r}`);
    }
  }
  return out;
}

/** `n` in the unit the quota is written in (`40Gi` next to `32Gi`, `3500m` next to `2`). */
function formatLike(n: number, hard: unknown): string {
  const suffix = typeof hard === "string" ? /(Ki|Mi|Gi|Ti|Pi|Ei|m)$/.exec(hard)?.[1] : undefined;
  const scaled = suffix ? n / parseQuantity(`1${suffix}`)! : n;
  const text = Number.isInteger(scaled) ? String(scaled) : scaled.toFixed(3).replace(/\.?0+$/, "");
  return suffix ? `${text}${suffix}` : text;
}
