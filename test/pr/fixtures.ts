import { stringify } from "yaml";
import type { OutputFolder } from "../../scripts/lib/synth/pipeline";
import type { Delivery } from "../../scripts/pr/config";
import type { Provenance } from "../../scripts/pr/provenance";

/** Manifests shaped like the charts' output, with the fields the reviewer summary reads. */
export interface ServiceShape {
  namespace?: string;
  image?: string;
  replicas?: number;
  minReplicas?: number;
  maxReplicas?: number;
  gpus?: number;
  cpu?: string;
  memory?: string;
  maxUnavailable?: number;
  pdb?: boolean;
  ingressFrom?: string[];
  /** Services of the same namespace allowed in, as the peers of one rule (replaces ingressFrom). */
  callers?: string[];
  /** Services this one may call (egress rules), and external addresses "cidr:port". */
  calls?: string[];
  external?: string[];
}

const yaml = (doc: unknown) => stringify(doc, { lineWidth: 0 });

export function serviceFiles(name: string, s: ServiceShape = {}): Map<string, string> {
  const namespace = s.namespace ?? "ml-serving";
  const meta = { name, namespace, labels: { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "gitops-forge" } };
  const resources: Record<string, string | number> = { cpu: s.cpu ?? "1", memory: s.memory ?? "2Gi" };
  if (s.gpus) resources["nvidia.com/gpu"] = s.gpus;
  const files = new Map<string, string>();
  const at = (kind: string) => `${namespace}/${name}/${kind}.yaml`;
  files.set(at("deployment"), yaml({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta,
    spec: {
      replicas: s.replicas ?? 2,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": name } },
        spec: { containers: [{ name: "server", image: s.image ?? `ghcr.io/acme/${name}:1.0.0`, resources: { requests: resources, limits: resources } }] },
      },
    },
  }));
  files.set(at("horizontalpodautoscaler"), yaml({
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta,
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name }, minReplicas: s.minReplicas ?? 2, maxReplicas: s.maxReplicas ?? 6 },
  }));
  if (s.pdb !== false) {
    files.set(at("poddisruptionbudget"), yaml({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta, spec: { maxUnavailable: s.maxUnavailable ?? 1, selector: { matchLabels: { "app.kubernetes.io/name": name } } } }));
  }
  files.set(at("networkpolicy"), yaml({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta,
    spec: {
      podSelector: { matchLabels: { "app.kubernetes.io/name": name } },
      policyTypes: s.calls || s.external ? ["Ingress", "Egress"] : ["Ingress"],
      ingress: s.callers
        ? [{ from: s.callers.map((c) => ({ podSelector: { matchLabels: { "app.kubernetes.io/name": c } } })), ports: [{ port: 8080, protocol: "TCP" }] }]
        : (s.ingressFrom ?? ["ingress-nginx"]).map((ns) => ({
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }],
            ports: [{ port: 8080, protocol: "TCP" }],
          })),
      ...(s.calls || s.external
        ? {
            egress: [
              ...(s.calls ?? []).map((c) => ({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": c } } }], ports: [{ port: 8080, protocol: "TCP" }] })),
              ...(s.external ?? []).map((e) => ({ to: [{ ipBlock: { cidr: e.split(":")[0] } }], ports: [{ port: Number(e.split(":")[1]), protocol: "TCP" }] })),
            ],
          }
        : {}),
    },
  }));
  return files;
}

export function veleroSchedule(ttl: string): Map<string, string> {
  return new Map([[
    "velero/_namespace/schedule-hourly.yaml",
    yaml({ apiVersion: "velero.io/v1", kind: "Schedule", metadata: { name: "hourly", namespace: "velero" }, spec: { schedule: "0 * * * *", template: { ttl } } }),
  ]]);
}

export function chaosSchedule(paused: boolean): Map<string, string> {
  return new Map([[
    "ml-serving/search/schedule-pod-kill.yaml",
    yaml({
      apiVersion: "chaos-mesh.org/v1alpha1",
      kind: "Schedule",
      metadata: { name: "pod-kill", namespace: "ml-serving", annotations: paused ? { "experiment.chaos-mesh.org/pause": "true" } : {} },
      spec: { schedule: "@every 2h", type: "PodChaos" },
    }),
  ]]);
}

export function merge(...maps: Map<string, string>[]): Map<string, string> {
  return new Map(maps.flatMap((m) => [...m]));
}

/** Files under generated/<env>/ as the synth pipeline hands them over. */
export function folder(env: string, files: Map<string, string>): OutputFolder {
  return { folder: env, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), objects: new Map() };
}

export function delivery(env: string, overrides: Partial<Delivery> = {}): Delivery {
  return {
    environment: env,
    production: env === "production",
    repository: { owner: "acme", name: "ml-gitops" },
    baseBranch: "main",
    pathPrefix: "",
    branch: `gitops-forge/${env}`,
    labels: ["gitops-forge"],
    reviewers: ["alice"],
    assignees: ["bob"],
    draft: false,
    ...overrides,
  };
}

export function provenance(commit: string, committedAt = "2026-11-20T10:00:00.000Z"): Provenance {
  return { repository: "https://github.com/acme/ml-platform", commit, uncommitted: false, author: "Dev <dev@acme.example>", committedAt, command: "gitops-forge pr --env production" };
}

/** With each file prefixed by its environment folder, as it sits under generated/. */
export function underGenerated(env: string, files: Map<string, string>, prefix = "generated/"): Map<string, string> {
  return new Map([...files].map(([p, t]) => [`${prefix}${env}/${p}`, t]));
}
