/**
 * The container and pod fields of the environment format (probes, ports,
 * environment variables, pod security, scheduling, component) on a CPU-only
 * fixture platform: each lands in the manifests, the manifests pass the
 * Kubernetes schema, and `validate` judges them as the format promises.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, ApiObject } from "cdk8s";
import { EnvironmentChart } from "../../charts/environment-chart";
import { manifestOf } from "../../charts/_to-json";
import { loadEnvironment } from "../../environments/load-environment";
import { buildEnvironment, buildDelivery, type Manifest } from "../../scripts/lib/synth/pipeline";
import { REPO_ROOT, removeScratch, runCommand } from "../helpers/repo";
import { kubernetesSchemaErrors } from "../helpers/kube-schema";

type Obj = Manifest & { spec?: any; data?: any };
const FIXTURE = join(REPO_ROOT, "test/synth/fixtures/container-pod");

const env = loadEnvironment(FIXTURE, "platform");
const objects = buildEnvironment(env) as Obj[];
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const podOf = (name: string) => find("Deployment", name).spec.template;
const containerOf = (name: string) => podOf(name).spec.containers[0];

describe("probes", () => {
  const api = containerOf("ml-api");
  const web = containerOf("web");

  it("writes httpGet with path, named port, scheme and headers, and every timing field", () => {
    expect(api.readinessProbe).toEqual({
      httpGet: { path: "/health", port: "http", scheme: "HTTP", httpHeaders: [{ name: "X-Probe", value: "kubelet" }] },
      initialDelaySeconds: 10,
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
      successThreshold: 2,
    });
    expect(api.livenessProbe).toMatchObject({ initialDelaySeconds: 30, periodSeconds: 20, successThreshold: 1 });
  });

  it("leaves the startup probe out when it is disabled", () => {
    expect(api.startupProbe).toBeUndefined();
  });

  it("writes tcpSocket, grpc and exec handlers, one per probe", () => {
    expect(web.startupProbe).toMatchObject({ grpc: { port: 3001, service: "startup" }, failureThreshold: 30 });
    expect(web.readinessProbe).toMatchObject({ exec: { command: ["/bin/check", "--ready"] } });
    expect(web.livenessProbe).toMatchObject({ tcpSocket: { port: "http" } });
    for (const probe of [web.startupProbe, web.readinessProbe, web.livenessProbe]) {
      expect(["httpGet", "tcpSocket", "grpc", "exec"].filter((h) => probe[h] !== undefined)).toHaveLength(1);
    }
  });
});

describe("ports", () => {
  it("names the container and lists its named ports, without a metrics port when metrics share the application's", () => {
    const api = containerOf("ml-api");
    expect(api.name).toBe("api");
    expect(podOf("ml-api").metadata.annotations["kubectl.kubernetes.io/default-container"]).toBe("api");
    expect(api.ports).toEqual([
      { name: "http", containerPort: 8001, protocol: "TCP" },
      { name: "admin", containerPort: 9100, protocol: "TCP" },
      { name: "grpc", containerPort: 9000, protocol: "TCP" },
    ]);
  });

  it("maps Service port 80 to the container's 8001 and adds Service ports by target", () => {
    expect(find("Service", "ml-api").spec.ports).toEqual([
      { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
      { name: "admin", port: 9100, targetPort: "admin", protocol: "TCP" },
      { name: "grpc", port: 9000, targetPort: "grpc", protocol: "TCP" },
      { name: "grpc-public", port: 9443, targetPort: "grpc", protocol: "TCP" },
    ]);
  });

  it("gives callers the Service port in their URL and the container port in their egress", () => {
    expect(find("ConfigMap", "web-env").data.ML_API_URL).toBe("http://ml-api.ml-pipeline.svc.cluster.local:80");
    expect(find("NetworkPolicy", "web").spec.egress[0].ports).toEqual([{ protocol: "TCP", port: 8001 }]);
  });

  it("scrapes every metrics endpoint, and admits monitoring on exactly those ports", () => {
    expect(find("ServiceMonitor", "ml-api").spec.endpoints).toEqual([
      { port: "http", path: "/api/v1/metrics", scheme: "http", interval: "30s", scrapeTimeout: "10s" },
      { port: "admin", path: "/metrics", scheme: "http", interval: "15s", scrapeTimeout: "10s" },
    ]);
    const monitoring = find("NetworkPolicy", "ml-api").spec.ingress.find((r: any) => r.from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"] === "monitoring");
    expect(monitoring.ports).toEqual([
      { protocol: "TCP", port: "http" },
      { protocol: "TCP", port: "admin" },
    ]);
  });
});

describe("environment variables", () => {
  const api = containerOf("ml-api");

  it("sets Secret references, then plain values whose $(VAR) Kubernetes expands, in order", () => {
    expect(api.env).toEqual([
      { name: "DB_USER", valueFrom: { secretKeyRef: { name: "postgres-credentials", key: "username" } } },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "postgres-credentials", key: "password" } } },
      { name: "DATABASE_URL", value: "postgresql://$(DB_USER):$(DB_PASSWORD)@postgres:5432/ml?level=$(LOG_LEVEL)" },
      { name: "PRICE", value: "$$(not-a-reference)" },
    ]);
  });

  it("reads the generated ConfigMap under its configured name, then existing ConfigMaps and Secrets by name", () => {
    expect(api.envFrom).toEqual([
      { configMapRef: { name: "ml-api-config" } },
      { configMapRef: { name: "ml-shared-settings" } },
      { secretRef: { name: "ml-api-keys" }, prefix: "KEYS_" },
    ]);
    expect(find("ConfigMap", "ml-api-config").data).toEqual({ LOG_LEVEL: "info" });
    expect(objects.some((o) => o.kind === "Secret")).toBe(false);
  });
});

describe("pod security", () => {
  it("runs as the configured non-zero ids, still restricted", () => {
    const pod = podOf("ml-api").spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 3000,
      fsGroup: 2000,
      supplementalGroups: [4000],
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 3000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(find("Namespace", "ml-pipeline").metadata.labels!["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("mounts the extra emptyDir volumes, a memory-backed /dev/shm among them", () => {
    const pod = podOf("ml-api").spec;
    expect(pod.volumes).toContainEqual({ name: "logs", emptyDir: { sizeLimit: "1Gi" } });
    expect(pod.volumes).toContainEqual({ name: "shm", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "shm", mountPath: "/dev/shm" });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "logs", mountPath: "/var/log/app" });
  });
});

describe("scheduling", () => {
  const pod = podOf("ml-api").spec;

  it("spreads as configured: required across zones, preferred across hosts", () => {
    expect(pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew])).toEqual([
      ["topology.kubernetes.io/zone", "DoNotSchedule", 1],
      ["kubernetes.io/hostname", "ScheduleAnyway", 2],
    ]);
  });

  it("sets the priority class, node selector and tolerations, and writes the PriorityClass the environment defines", () => {
    expect(pod.priorityClassName).toBe("ml-high");
    expect(pod.nodeSelector).toEqual({ "node.kubernetes.io/instance-type": "c5.2xlarge" });
    expect(pod.tolerations).toEqual([
      { key: "dedicated", operator: "Equal", value: "ml", effect: "NoSchedule" },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 },
    ]);
    expect(find("PriorityClass", "ml-high")).toMatchObject({ apiVersion: "scheduling.k8s.io/v1", value: 100000, preemptionPolicy: "Never", globalDefault: false });
  });

  it("lets Argo CD create the PriorityClass (cluster-scoped whitelist)", () => {
    const project = buildDelivery(env, objects).find((o) => o.kind === "AppProject") as Obj;
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: "scheduling.k8s.io", kind: "PriorityClass" });
    expect(project.spec.namespaceResourceWhitelist).not.toContainEqual(expect.objectContaining({ kind: "PriorityClass" }));
  });
});

describe("a CPU-only platform with a service that is not a model server", () => {
  it("needs no gpuPools", () => {
    expect(env.gpuPools).toEqual({});
  });

  it("labels the frontend as what it is and gives it no model cache", () => {
    const pod = podOf("web");
    expect(pod.metadata.labels["app.kubernetes.io/component"]).toBe("frontend");
    expect(pod.spec.volumes.map((v: any) => v.name)).toEqual(["tmp"]);
    expect(podOf("ml-api").metadata.labels["app.kubernetes.io/component"]).toBe("model-serving");
    expect(podOf("ml-api").spec.volumes.map((v: any) => v.name)).toContain("model-cache");
  });
});

describe("Kubernetes schema", () => {
  const checked = objects.filter((o) => /^(v1|apps\/v1|autoscaling\/v2|policy\/v1|networking\.k8s\.io\/v1|scheduling\.k8s\.io\/v1)$/.test(String(o.apiVersion)));
  it.each(checked.map((o) => [`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o] as const))("%s validates", async (_, object) => {
    expect(await kubernetesSchemaErrors(object)).toBeUndefined();
  });
});

describe("the fast renderer", () => {
  const chart = new EnvironmentChart(new App(), env);
  const apiObjects = chart.node.findAll().filter((n): n is ApiObject => n instanceof ApiObject);
  it.each(apiObjects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ""}/${o.name}`, o] as const))("%s renders as cdk8s's toJson does", (_, object) => {
    expect(manifestOf(object)).toEqual(object.toJson());
  });
});

describe("validate on the synthesized platform (production)", () => {
  let root: string;
  const findings = (dir: string) => {
    const result = runCommand("validate", [join(dir, "generated/platform"), "--format", "json"]);
    return { code: result.code, report: JSON.parse(result.stdout) as { findings: Array<{ policy: string; severity: string; resource: { name: string } }> } };
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "gitops-forge-container-pod-"));
    cpSync(join(FIXTURE, "environments"), join(root, "environments"), { recursive: true });
    cpSync(join(REPO_ROOT, "policies"), join(root, "policies"), { recursive: true });
    expect(runCommand("synth", ["--root", root, "--no-validate"]).code).toBe(0);
  });
  afterAll(() => removeScratch(root));

  it("writes the PriorityClass beside the namespaces, in _cluster/", () => {
    const text = readFileSync(join(root, "generated/platform/_cluster/priorityclass-ml-high.yaml"), "utf8");
    expect(text).toMatch(/^apiVersion: scheduling\.k8s\.io\/v1\nkind: PriorityClass\n/);
  });

  it("passes, reporting identical readiness and liveness probes as a warning only", () => {
    const { code, report } = findings(root);
    expect(code).toBe(0);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.findings).toContainEqual(expect.objectContaining({ policy: "probes-distinct", severity: "warning", resource: expect.objectContaining({ name: "ml-api" }) }));
  });

  it("holds a model server without an HPA to serving-has-hpa, but not the frontend", () => {
    const path = join(root, "environments/platform.yaml");
    const text = readFileSync(path, "utf8");
    try {
      writeFileSync(path, text.replace("    component: frontend\n", ""));
      expect(runCommand("synth", ["--root", root, "--no-validate"]).code).toBe(0);
      const { code, report } = findings(root);
      expect(code).toBe(1);
      expect(report.findings).toContainEqual(expect.objectContaining({ policy: "serving-has-hpa", severity: "error", resource: expect.objectContaining({ name: "web" }) }));
    } finally {
      writeFileSync(path, text);
    }
  });
});
