import { checkKindsServed } from "./checks/crds";
import { checkDryRun } from "./checks/dry-run";
import { checkGpuCapacity, type GpuPoolRow } from "./checks/gpu";
import { checkNamespaces } from "./checks/namespaces";
import { checkQuotas } from "./checks/quotas";
import { checkStorageClasses, storageClassesOf, volumeClaimsOf, withDefaultClass } from "./checks/storage";
import { Discovery } from "./discovery";
import { sortFindings, type Finding, type Severity } from "./findings";
import { isRecord, splitApiVersion, type GeneratedObject } from "./objects";
import { mapWithConcurrency } from "../lib/pool";
import type { KubeTransport } from "./transport";
import { gpusPerPod, workloadsOf } from "./workloads";

export interface CheckReport {
  command: "cluster check";
  environment: string;
  context: string;
  objects: number;
  summary: Record<Severity, number>;
  findings: Finding[];
  gpuPools: GpuPoolRow[];
}

/**
 * Everything `cluster check` asks the cluster: discovery, a handful of
 * cluster-wide listings, then one dry-run apply per generated object.
 */
export async function runCheck(environment: string, generated: readonly GeneratedObject[], transport: KubeTransport, concurrency: number): Promise<CheckReport> {
  const discovery = await Discovery.load(transport, generated.map((g) => g.object.apiVersion), concurrency);
  const workloads = workloadsOf(generated);
  const needsNodes = workloads.some((w) => gpusPerPod(w.podSpec) > 0);
  const claims = volumeClaimsOf(generated, workloads);
  const needsStorage = claims.length > 0;
  const listings = [
    { key: "namespaces", path: "/api/v1/namespaces", operation: "list namespaces" },
    { key: "quotas", path: "/api/v1/resourcequotas", operation: "list resource quotas" },
    { key: "limitRanges", path: "/api/v1/limitranges", operation: "list limit ranges" },
    { key: "pods", path: "/api/v1/pods?fieldSelector=status.phase!%3DSucceeded,status.phase!%3DFailed", operation: "list pods" },
    ...(needsNodes ? [{ key: "nodes", path: "/api/v1/nodes", operation: "list nodes" }] : []),
    ...(needsStorage
      ? [
          { key: "storageClasses", path: "/apis/storage.k8s.io/v1/storageclasses", operation: "list storage classes" },
          { key: "claims", path: "/api/v1/persistentvolumeclaims", operation: "list persistent volume claims" },
        ]
      : []),
  ];
  const listed = await mapWithConcurrency(listings, concurrency, async ({ key, path, operation }) => [key, await transport.list(path, operation)] as const);
  const live = Object.fromEntries(listed) as Record<string, Record<string, unknown>[]>;
  const liveNamespaces = new Set(live.namespaces!.map((ns) => (isRecord(ns.metadata) ? String(ns.metadata.name) : "")));

  const countKeyOf = (g: GeneratedObject) => {
    const info = discovery.resource(g.object.apiVersion, g.object.kind);
    const { group } = splitApiVersion(g.object.apiVersion);
    return info && (group ? `${info.plural}.${group}` : info.plural);
  };
  const classes = storageClassesOf(generated, live.storageClasses ?? []);
  const gpu = checkGpuCapacity(workloads, live.nodes ?? [], live.pods!);
  const findings = [
    ...(await checkKindsServed(generated, discovery, transport)),
    ...checkNamespaces(generated, workloads, { namespaces: live.namespaces! }),
    ...checkQuotas(generated, workloads, { quotas: live.quotas!, limitRanges: live.limitRanges!, pods: live.pods!, claims: live.claims ?? [] }, countKeyOf, withDefaultClass(claims, classes)),
    ...(needsStorage ? checkStorageClasses(claims, classes) : []),
    ...gpu.findings,
    ...(await checkDryRun(generated, discovery, transport, liveNamespaces, concurrency)),
  ];
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return { command: "cluster check", environment, context: transport.target.context, objects: generated.length, summary, findings: sortFindings(findings), gpuPools: gpu.pools };
}
