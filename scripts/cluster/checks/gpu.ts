import type { Finding } from "../findings";
import { describeObject, GPU_RESOURCE, isRecord } from "../objects";
import { quantityOf as parseQuantity } from "../../../environments/source/quantity";
import { formatTaint, matchesNodeAffinity, nodeView, untoleratedTaints, type NodeView } from "../scheduling";
import { gpuPoolOf, gpusPerPod, isReplacedBySync, podResource, type Workload } from "../workloads";

/** One row of the shortfall table: a GPU pool's capacity against what its services need at minimum replicas. */
export interface GpuPoolRow {
  pool: string;
  services: number;
  nodes: number;
  allocatable: number;
  requested: number;
  free: number;
  needed: number;
  shortfall: number;
}

interface GpuNode extends NodeView {
  allocatable: number;
  requested: number;
  ready: boolean;
}

/**
 * For each GPU service, the nodes that satisfy its node affinity and whose
 * taints it tolerates, and whether their free `nvidia.com/gpu` (allocatable
 * minus what running pods request) holds its minimum replicas. Services of a
 * pool are placed one replica at a time, largest pods first, on the node with
 * the most free GPUs, as pods cannot span nodes.
 */
export function checkGpuCapacity(workloads: readonly Workload[], liveNodes: Record<string, unknown>[], livePods: Record<string, unknown>[]): { findings: Finding[]; pools: GpuPoolRow[] } {
  const gpuWorkloads = workloads
    .map((w) => ({ w, gpus: gpusPerPod(w.podSpec), pool: gpuPoolOf(w) }))
    .filter((x) => x.gpus > 0)
    .sort((a, b) => a.pool.localeCompare(b.pool) || b.gpus - a.gpus || describeObject(a.w.source.object).localeCompare(describeObject(b.w.source.object)));
  if (gpuWorkloads.length === 0) return { findings: [], pools: [] };

  const nodes = gpuNodes(liveNodes, livePods, gpuWorkloads.map((x) => x.w));
  const free = new Map(nodes.map((n) => [n.name, n.allocatable - n.requested]));
  const findings: Finding[] = [];
  const pools = new Map<string, GpuPoolRow & { nodeNames: Set<string> }>();
  const placedInFull: Array<{ w: Workload; gpus: number; pool: string; eligible: GpuNode[] }> = [];

  for (const { w, gpus, pool } of gpuWorkloads) {
    const byAffinity = nodes.filter((n) => matchesNodeAffinity(w.podSpec, n));
    const blocked = byAffinity.map((n) => ({ n, taints: untoleratedTaints(w.podSpec, n) })).filter((x) => x.taints.length > 0);
    const eligible = byAffinity.filter((n) => n.ready && untoleratedTaints(w.podSpec, n).length === 0);
    const row = pools.get(pool) ?? { pool, services: 0, nodes: 0, allocatable: 0, requested: 0, free: 0, needed: 0, shortfall: 0, nodeNames: new Set<string>() };
    pools.set(pool, row);
    row.services++;
    for (const n of eligible) {
      if (row.nodeNames.has(n.name)) continue;
      row.nodeNames.add(n.name);
      row.allocatable += n.allocatable;
      row.requested += n.requested;
      row.free += Math.max(0, n.allocatable - n.requested);
    }
    const freeBefore = eligible.reduce((s, n) => s + Math.max(0, free.get(n.name)!), 0);
    const placed = place(eligible, free, gpus, w.minReplicas);
    row.needed += gpus * w.minReplicas;
    row.shortfall += gpus * (w.minReplicas - placed);
    if (placed === w.minReplicas) {
      placedInFull.push({ w, gpus, pool, eligible });
      continue;
    }
    findings.push({
      check: "gpu",
      severity: "error",
      object: describeObject(w.source.object),
      file: w.source.file,
      message: `needs ${w.minReplicas} replica(s) × ${gpus} ${GPU_RESOURCE} in pool ${pool}, only ${placed} fit: ${explain(byAffinity, blocked, eligible, freeBefore, nodes.length)}`,
      remedy: remedyFor(byAffinity, blocked, eligible),
    });
  }
  // Services update one at a time: each update's surge against what all minimum replicas leave free.
  for (const { w, gpus, pool, eligible } of placedInFull) {
    if (w.surge === 0) continue;
    const fit = place(eligible, new Map(free), gpus, w.surge);
    if (fit === w.surge) continue;
    findings.push({
      check: "gpu",
      severity: "warning",
      object: describeObject(w.source.object),
      file: w.source.file,
      message: `an update needs ${w.surge} more pod(s) × ${gpus} ${GPU_RESOURCE} in pool ${pool} beside its minimum replicas (${w.update}), only ${fit} fit: the update would wait for free GPUs`,
      remedy: "free GPUs in the pool or add nodes, or update with less surge (a rolling update or a canary without traffic routing, with a small maxSurge)",
    });
  }
  const rows = [...pools.values()].map(({ nodeNames, ...row }) => ({ ...row, nodes: nodeNames.size }));
  return { findings, pools: rows.sort((a, b) => a.pool.localeCompare(b.pool)) };
}

function place(eligible: GpuNode[], free: Map<string, number>, gpus: number, replicas: number): number {
  let placed = 0;
  for (; placed < replicas; placed++) {
    let best: GpuNode | undefined;
    for (const n of eligible) {
      const f = free.get(n.name)!;
      if (f >= gpus && (!best || f > free.get(best.name)! || (f === free.get(best.name)! && n.name < best.name))) best = n;
    }
    if (!best) break;
    free.set(best.name, free.get(best.name)! - gpus);
  }
  return placed;
}

function explain(byAffinity: GpuNode[], blocked: { n: GpuNode; taints: NodeView["taints"] }[], eligible: GpuNode[], freeGpus: number, total: number): string {
  if (byAffinity.length === 0) return `none of the ${total} nodes satisfies its node affinity and nodeSelector`;
  const parts: string[] = [];
  if (blocked.length > 0) {
    const shown = blocked.slice(0, 3).map((b) => `${b.n.name} (${b.taints.map(formatTaint).join(", ")})`).join(", ");
    const more = blocked.length > 3 ? ` and ${blocked.length - 3} more` : "";
    const carry = blocked.length === 1 ? "carries" : "carry";
    parts.push(`${blocked.length} of the ${byAffinity.length} node(s) matching its affinity ${carry} taints it does not tolerate: ${shown}${more}`);
  }
  const notReady = byAffinity.filter((n) => !n.ready).length;
  if (notReady > 0) parts.push(`${notReady} matching node(s) are not Ready`);
  if (eligible.length > 0) parts.push(`its ${eligible.length} eligible node(s) have ${freeGpus} ${GPU_RESOURCE} free after other pods' requests`);
  return parts.join("; ");
}

function remedyFor(byAffinity: GpuNode[], blocked: unknown[], eligible: GpuNode[]): string {
  if (byAffinity.length === 0) return "label the pool's nodes to match the service's node affinity, or fix the pool name in the service config";
  if (eligible.length === 0 && blocked.length > 0) return "add a toleration for the pool's taint to the service, or fix the taint on the nodes";
  return "add GPU nodes to the pool, free GPUs on it, or lower the service's minimum replicas";
}

/** Nodes with their allocatable GPUs and what running pods (other than the generated services' own) request. */
function gpuNodes(liveNodes: Record<string, unknown>[], livePods: Record<string, unknown>[], services: readonly Workload[]): GpuNode[] {
  const requested = new Map<string, number>();
  for (const pod of livePods) {
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const phase = isRecord(pod.status) ? pod.status.phase : undefined;
    if (typeof spec.nodeName !== "string" || phase === "Succeeded" || phase === "Failed" || isReplacedBySync(pod, services)) continue;
    requested.set(spec.nodeName, (requested.get(spec.nodeName) ?? 0) + podResource(spec, "requests", GPU_RESOURCE).total);
  }
  return liveNodes
    .map((raw) => {
      const view = nodeView(raw);
      const status = isRecord(raw.status) ? raw.status : {};
      const allocatable = isRecord(status.allocatable) ? parseQuantity(status.allocatable[GPU_RESOURCE]) ?? 0 : 0;
      const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
      const ready = conditions.some((c) => c.type === "Ready" && c.status === "True");
      return { ...view, allocatable, requested: requested.get(view.name) ?? 0, ready };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
