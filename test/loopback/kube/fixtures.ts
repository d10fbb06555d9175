import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse, stringify } from "yaml";
import { UPSTREAM_CRDS } from "../../helpers/upstream-crds";

type Json = Record<string, unknown>;

/** The repository root (this file lives in test/loopback/kube/). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

/** A real upstream CRD from the upstream CRD folder (see test/helpers/upstream-crds.ts). */
export function loadUpstreamCrd(relative: string): Json {
  return parse(readFileSync(path.join(UPSTREAM_CRDS, relative), "utf8")) as Json;
}

export interface ServiceFixture {
  name: string;
  namespace: string;
  minReplicas?: number;
  maxReplicas?: number;
  gpu?: { pool: string; perPod: number; tolerate?: boolean };
  cpu?: string;
  memory?: string;
}

export interface GeneratedFile {
  path: string;
  object: Json;
}

const PLATFORM = "ml-serving";

function labels(env: string, service?: string): Record<string, string> {
  const base: Record<string, string> = { "app.kubernetes.io/managed-by": "gitops-forge", "gitops-forge.io/environment": env };
  if (!service) return base;
  return { ...base, "app.kubernetes.io/name": service, "app.kubernetes.io/instance": `${env}-${service}`, "app.kubernetes.io/part-of": PLATFORM, "app.kubernetes.io/component": "model-serving" };
}

/** Namespace, ResourceQuota, LimitRange and default-deny NetworkPolicy of one namespace, as synth lays them out. */
export function namespaceObjects(env: string, namespace: string, hard: Record<string, string> = { "requests.cpu": "2000", "requests.memory": "4000Gi", "requests.nvidia.com/gpu": "512", pods: "5000" }): GeneratedFile[] {
  const dir = `${namespace}/_namespace`;
  const psa = { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/enforce-version": "latest" };
  return [
    { path: `${dir}/namespace-${namespace}.yaml`, object: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...labels(env), ...psa } } } },
    { path: `${dir}/resourcequota-compute.yaml`, object: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace, labels: labels(env) }, spec: { hard } } },
    { path: `${dir}/limitrange-defaults.yaml`, object: { apiVersion: "v1", kind: "LimitRange", metadata: { name: "defaults", namespace, labels: labels(env) }, spec: { limits: [{ type: "Container", default: { cpu: "1", memory: "1Gi" }, defaultRequest: { cpu: "500m", memory: "512Mi" } }] } } },
    { path: `${dir}/networkpolicy-default-deny.yaml`, object: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace, labels: labels(env) }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } } },
  ];
}

/** Deployment, Service, HPA, PDB and NetworkPolicy of one serving service. */
export function serviceObjects(env: string, s: ServiceFixture): GeneratedFile[] {
  const dir = `${s.namespace}/${s.name}`;
  const meta = { name: s.name, namespace: s.namespace, labels: labels(env, s.name) };
  const selector = { "app.kubernetes.io/name": s.name, "app.kubernetes.io/instance": `${env}-${s.name}` };
  const resources: Json = { requests: { cpu: s.cpu ?? "1", memory: s.memory ?? "2Gi" }, limits: { cpu: s.cpu ?? "1", memory: s.memory ?? "2Gi" } };
  const podLabels: Record<string, string> = { ...labels(env, s.name) };
  const podSpec: Json = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: "server",
        image: `registry.example.com/${s.name}:1.0.0`,
        ports: [{ name: "http", containerPort: 8080 }],
        resources,
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
      },
    ],
  };
  if (s.gpu) {
    podLabels["gitops-forge.io/gpu-pool"] = s.gpu.pool;
    (resources.requests as Json)["nvidia.com/gpu"] = String(s.gpu.perPod);
    (resources.limits as Json)["nvidia.com/gpu"] = String(s.gpu.perPod);
    podSpec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "gitops-forge.io/gpu-pool", operator: "In", values: [s.gpu.pool] }] }] } } };
    if (s.gpu.tolerate !== false) podSpec.tolerations = [{ key: "nvidia.com/gpu", operator: "Equal", value: s.gpu.pool, effect: "NoSchedule" }];
  }
  const minReplicas = s.minReplicas ?? 2;
  return [
    { path: `${dir}/deployment.yaml`, object: { apiVersion: "apps/v1", kind: "Deployment", metadata: meta, spec: { replicas: minReplicas, selector: { matchLabels: selector }, template: { metadata: { labels: podLabels }, spec: podSpec } } } },
    { path: `${dir}/service.yaml`, object: { apiVersion: "v1", kind: "Service", metadata: meta, spec: { selector, ports: [{ name: "http", port: 80, targetPort: "http" }] } } },
    { path: `${dir}/horizontalpodautoscaler.yaml`, object: { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: meta, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: s.name }, minReplicas, maxReplicas: s.maxReplicas ?? minReplicas * 2, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] } } },
    { path: `${dir}/poddisruptionbudget.yaml`, object: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } } },
    { path: `${dir}/networkpolicy.yaml`, object: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta, spec: { podSelector: { matchLabels: selector }, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 8080, protocol: "TCP" }] }] } } },
  ];
}

/** A PrometheusRule alerting on a service (a custom resource the Prometheus Operator CRD defines). */
export function prometheusRule(env: string, s: ServiceFixture, apiVersion = "monitoring.coreos.com/v1"): GeneratedFile {
  return {
    path: `${s.namespace}/${s.name}/prometheusrule.yaml`,
    object: {
      apiVersion,
      kind: "PrometheusRule",
      metadata: { name: s.name, namespace: s.namespace, labels: labels(env, s.name) },
      spec: { groups: [{ name: `${s.name}.rules`, rules: [{ alert: "HighErrorRate", expr: `sum(rate(http_requests_total{service="${s.name}",code=~"5.."}[5m])) > 1`, for: "5m", labels: { severity: "page" } }] }] },
    },
  };
}

/** Writes the files under `<root>/generated/<env>/`, one object per file as synth does. */
export async function writeGenerated(root: string, env: string, files: readonly GeneratedFile[]): Promise<void> {
  for (const f of files) {
    const file = path.join(root, "generated", env, f.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, stringify(f.object));
  }
}

/** A GPU node of `pool` with its taint and allocatable GPUs. */
export function gpuNode(name: string, pool: string, gpus: number, options: { taintValue?: string; ready?: boolean } = {}): Json {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "gitops-forge.io/gpu-pool": pool } },
    spec: { taints: [{ key: "nvidia.com/gpu", value: options.taintValue ?? pool, effect: "NoSchedule" }] },
    status: {
      allocatable: { cpu: "96", memory: "1000Gi", pods: "110", "nvidia.com/gpu": String(gpus) },
      conditions: [{ type: "Ready", status: options.ready === false ? "False" : "True" }],
    },
  };
}

/** A running pod on `node` that holds `gpus` GPUs (another team's job). */
export function gpuPod(name: string, namespace: string, node: string, gpus: number): Json {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app: name } },
    spec: { nodeName: node, containers: [{ name: "main", image: "trainer:1", resources: { limits: { "nvidia.com/gpu": String(gpus) } } }] },
    status: { phase: "Running" },
  };
}

/** A service run as a StatefulSet (the Deployment of `serviceObjects` turned into one) with a claim template per volume. */
export function statefulServiceObjects(env: string, s: ServiceFixture, volumes: ReadonlyArray<{ name: string; size: string; storageClass?: string }>): GeneratedFile[] {
  return serviceObjects(env, s).map((file) => {
    const object = structuredClone(file.object) as any;
    if (object.kind === "HorizontalPodAutoscaler") object.spec.scaleTargetRef.kind = "StatefulSet";
    if (object.kind !== "Deployment") return { ...file, object };
    object.kind = "StatefulSet";
    object.spec.serviceName = `${s.name}-headless`;
    object.spec.volumeClaimTemplates = volumes.map((v) => ({
      metadata: { name: v.name },
      spec: { accessModes: ["ReadWriteOnce"], ...(v.storageClass ? { storageClassName: v.storageClass } : {}), resources: { requests: { storage: v.size } } },
    }));
    return { path: file.path.replace("deployment.yaml", "statefulset.yaml"), object };
  });
}

/**
 * A serving service whose model is on a claim gitops-forge writes (`model.volumeClaim` with a
 * `size`): the PersistentVolumeClaim `<service>-model`, shared read-only by every replica.
 */
export function modelClaimServiceObjects(env: string, s: ServiceFixture, claim: { size: string; storageClass?: string }): GeneratedFile[] {
  const name = `${s.name}-model`;
  const files = serviceObjects(env, s).map((file) => {
    if (file.object.kind !== "Deployment") return file;
    const object = structuredClone(file.object) as any;
    const pod = object.spec.template.spec;
    pod.volumes = [{ name: "model", persistentVolumeClaim: { claimName: name, readOnly: true } }];
    pod.containers[0].volumeMounts = [{ name: "model", mountPath: "/models", readOnly: true }];
    return { ...file, object };
  });
  const spec = { accessModes: ["ReadOnlyMany"], resources: { requests: { storage: claim.size } }, ...(claim.storageClass ? { storageClassName: claim.storageClass } : {}) };
  return [...files, { path: `${s.namespace}/${s.name}/persistentvolumeclaim-${name}.yaml`, object: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: s.namespace, labels: labels(env, s.name) }, spec } }];
}

/** A StorageClass of the cluster; `isDefault` marks the one claims without a class get. */
export function storageClass(name: string, isDefault = false): Json {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, ...(isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}) },
    provisioner: "ebs.csi.aws.com",
  };
}
