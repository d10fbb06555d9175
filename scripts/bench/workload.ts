import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const WORKLOAD_ENVIRONMENTS = ["dev", "staging", "production"] as const;

/**
 * - reference: what the targets are set on: per service a Deployment, its
 *   ServiceAccount, Service, HPA, PDB and NetworkPolicy, plus the namespace
 *   objects, the environment's Velero schedule and its Argo CD application
 *   (monitoring off);
 * - full: plus a ConfigMap, ServiceMonitor, PrometheusRule (with burn-rate
 *   recording rules and alerts, error and latency thresholds per severity),
 *   promtool tests and a Grafana dashboard per service, the namespace and
 *   backup alerts and the environment's overview dashboard.
 */
export type WorkloadProfile = "reference" | "full";

/**
 * 3 environments x N services in one namespace each; every tenth service on
 * GPUs, each calling its predecessor and a database. Written as ordinary
 * environment files so every stage runs as for a user.
 */
export function writeWorkload(root: string, services: number, profile: WorkloadProfile = "full"): void {
  const dir = join(root, "environments");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "base.yaml"), baseEnvironment(services, profile));
  for (const [i, name] of WORKLOAD_ENVIRONMENTS.entries()) {
    writeFileSync(
      join(dir, `${name}.yaml`),
      [
        "extends: base",
        `tier: ${name === "dev" ? "development" : name}`,
        `cluster: { name: bench-${name}, server: "https://bench-${name}.example" }`,
        "namespaces:",
        `  serving-${name}:`,
        `    quota: { cpu: "${services * 4}", memory: ${services * 8}Gi, gpu: ${services}, pods: ${services * 20} }`,
        `backup: { ttl: ${720 + i}h }`,
        "",
      ].join("\n"),
    );
  }
}

/** SLOs as the reference guides set them, burn-rate alerts and dashboards on. */
const FULL_MONITORING = [
  "monitoring: { dashboards: { enabled: true } }",
  "serviceDefaults:",
  "  slo:",
  "    requests: { objective: 0.999, window: 30d }",
  "    errors: { warning: { value: 0.05 }, critical: { value: 0.1 } }",
  "    latency: [{ warning: { value: 0.5 }, critical: { value: 1 } }]",
];

function baseEnvironment(services: number, profile: WorkloadProfile): string {
  const lines = [
    "abstract: true",
    "platform: bench",
    "team: bench",
    "gpuPools:",
    "  a100:",
    "    nodeLabel: { key: nvidia.com/gpu.product, value: A100 }",
    "argocd: { namespace: argocd, repoURL: https://git.example/bench.git }",
    ...(profile === "full" ? FULL_MONITORING : ["monitoring: { enabled: false }"]),
    "services:",
  ];
  for (let i = 0; i < services; i++) {
    lines.push(
      `  svc-${i}:`,
      `    image: { repository: registry.example/model-${i}, tag: "1.0.${i}" }`,
      "    resources: { cpu: 500m, memory: 1Gi }",
      ...(i % 10 === 0 ? ["    gpu: { pool: a100, count: 1 }"] : []),
      "    autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 }",
      ...(profile === "full" ? [`    env: { MODEL_VERSION: "v${i}" }`] : []),
      "    dependencies:",
      `      services: [${i > 0 ? `svc-${i - 1}` : ""}]`,
      "      external: [{ name: postgres, cidr: 10.0.0.0/16, port: 5432 }]",
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The StatefulSet part of the stateful bench workload: service `i` written as
 * a StatefulSet with one 20Gi volume, for one service in ten (the ones ending
 * in 5, apart from the GPU ones ending in 0).
 */
export function statefulServiceLines(i: number): string[] {
  if (i % 10 !== 5) return [];
  return ["    stateful:", "      volumes: [{ name: data, mountPath: /data, size: 20Gi, storageClass: standard }]"];
}
