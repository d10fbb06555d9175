import type { Finding } from "../findings";
import { describeObject, isRecord, type GeneratedObject } from "../objects";
import { parseLevel, podSecurityViolations, type PodSecurityLevel } from "../pod-security";
import type { Workload } from "../workloads";

export interface LiveNamespaceState {
  namespaces: Record<string, unknown>[];
}

const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/**
 * Every namespace the objects land in exists or will be created by the sync
 * (a generated Namespace, or an Argo CD Application with CreateNamespace=true),
 * and its enforced Pod Security level admits the pods of every generated workload.
 */
export function checkNamespaces(generated: readonly GeneratedObject[], workloads: readonly Workload[], live: LiveNamespaceState): Finding[] {
  const liveLabels = new Map<string, Record<string, unknown>>();
  for (const ns of live.namespaces) {
    if (isRecord(ns.metadata) && typeof ns.metadata.name === "string") liveLabels.set(ns.metadata.name, isRecord(ns.metadata.labels) ? ns.metadata.labels : {});
  }
  const generatedNamespaces = new Map<string, GeneratedObject>();
  for (const g of generated) if (g.object.kind === "Namespace") generatedNamespaces.set(g.object.metadata.name, g);
  const createdBySync = namespacesCreatedByApplications(generated);

  const findings: Finding[] = [];
  const firstUse = new Map<string, GeneratedObject>();
  for (const g of generated) {
    const ns = g.object.metadata.namespace;
    if (ns && !firstUse.has(ns)) firstUse.set(ns, g);
  }
  for (const [ns, g] of [...firstUse].sort(([a], [b]) => a.localeCompare(b))) {
    if (liveLabels.has(ns) || generatedNamespaces.has(ns) || createdBySync.has(ns)) continue;
    findings.push({
      check: "namespace",
      severity: "error",
      object: `Namespace/${ns}`,
      file: g.file,
      message: `namespace ${ns} does not exist and nothing in the sync creates it (first used by ${describeObject(g.object)})`,
      remedy: `generate a Namespace ${ns}, or set CreateNamespace=true on the Argo CD Application that deploys it`,
    });
  }

  for (const w of workloads) {
    // The sync applies the generated labels over the live ones it does not own.
    const labels = { ...liveLabels.get(w.namespace), ...generatedNamespaces.get(w.namespace)?.object.metadata.labels };
    const level: PodSecurityLevel = parseLevel(labels[ENFORCE_LABEL]) ?? "privileged";
    const violations = podSecurityViolations(w.podSpec, level);
    if (violations.length === 0) continue;
    findings.push({
      check: "pod-security",
      severity: "error",
      object: describeObject(w.source.object),
      file: w.source.file,
      message: `namespace ${w.namespace} enforces Pod Security "${level}", which would reject its pods: ${violations.join("; ")}`,
      remedy: `fix the pod securityContext in the chart, or (if the workload truly needs it) lower ${ENFORCE_LABEL} on namespace ${w.namespace}`,
    });
  }
  return findings;
}

/** Destination namespaces of generated Argo CD Applications that sync with CreateNamespace=true. */
function namespacesCreatedByApplications(generated: readonly GeneratedObject[]): Set<string> {
  const out = new Set<string>();
  for (const { object } of generated) {
    if (object.kind !== "Application" || !object.apiVersion.startsWith("argoproj.io/") || !isRecord(object.spec)) continue;
    const { destination, syncPolicy } = object.spec;
    const options = isRecord(syncPolicy) && Array.isArray(syncPolicy.syncOptions) ? syncPolicy.syncOptions : [];
    if (isRecord(destination) && typeof destination.namespace === "string" && options.includes("CreateNamespace=true")) out.add(destination.namespace);
  }
  return out;
}
