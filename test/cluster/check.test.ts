import { afterEach, describe, expect, it } from "vitest";
import { gpuNode, gpuPod, loadUpstreamCrd, modelClaimServiceObjects, namespaceObjects, prometheusRule, serviceObjects, statefulServiceObjects, storageClass, type GeneratedFile } from "../loopback/kube/fixtures";
import { ENV, platformFiles, SERVICES, seedHealthyCluster, startHarness, type Harness } from "./harness";
import { itConformance } from "../helpers/upstream-crds";

let h: Harness;
afterEach(async () => {
  // Whatever a test did, nothing may have been written for real.
  expect(h.cluster.mutatingRequestsWithoutDryRun()).toEqual([]);
  await h.close();
});

const PROMETHEUS_RULES_CRD = "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml";
const chat = SERVICES[1]!;

function findings(output: string) {
  return JSON.parse(output).findings as Array<{ check: string; severity: string; object: string; file?: string; message: string; remedy: string }>;
}

describe("cluster check on a cluster that can take the manifests", () => {
  it("passes, dry-runs every object with server-side apply as gitops-forge, and changes nothing", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    const before = JSON.stringify([...h.cluster.objects]);
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(0);
    expect(findings(result.output).filter((f) => f.severity !== "info")).toEqual([]);
    const patches = h.cluster.log.filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(platformFiles().length);
    for (const p of patches) {
      expect(p.query).toMatchObject({ dryRun: "All", fieldManager: "gitops-forge", fieldValidation: "Strict" });
      expect(p.contentType).toBe("application/apply-patch+yaml");
      expect(p.status).toBeLessThan(300);
    }
    expect(JSON.stringify([...h.cluster.objects])).toBe(before);
  });

  it("prints findings grouped by object, each with what to do, under a FAIL verdict", async () => {
    h = await startHarness(platformFiles());
    for (const f of platformFiles()) if (f.object.kind === "Namespace") h.cluster.add(f.object);
    h.cluster.add(gpuNode("gpu-a100-1", "a100", 3));
    const result = await h.run("check");
    expect(result.exitCode).toBe(1);
    expect(result.output).toBe(
      [
        "cluster check: environment prod, context loopback",
        "",
        "Deployment/chat/llm-chat  generated/prod/chat/llm-chat/deployment.yaml",
        "  error   needs 2 replica(s) × 2 nvidia.com/gpu in pool a100, only 1 fit: its 1 eligible node(s) have 3 nvidia.com/gpu free after other pods' requests  [gpu]",
        "          fix: add GPU nodes to the pool, free GPUs on it, or lower the service's minimum replicas",
        "",
        "GPU pools (nvidia.com/gpu at minimum replicas):",
        "  pool  services  nodes  allocatable  requested  free  needed  shortfall",
        "  a100         1      1            3          0     3       4          2",
        "",
        "FAIL 1 error, 0 warnings, 0 info in 18 objects",
        "",
      ].join("\n"),
    );
  });

  it("prints the same report byte for byte on every run, in each format", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    for (const format of ["human", "json", "markdown"]) {
      const first = await h.run("check", "--format", format);
      const second = await h.run("check", "--format", format, "--concurrency", "1");
      expect(second.output).toBe(first.output);
    }
    const markdown = (await h.run("check", "--format", "markdown")).output;
    expect(markdown).toContain("| pool | services | nodes | allocatable | requested | free | needed | shortfall |");
    expect(markdown).toContain("| a100 | 1 | 2 | 8 | 0 | 8 | 4 | 0 |");
  });
});

describe("requests", () => {
  it("keeps at most --concurrency requests in flight, one dry-run per object plus discovery and listings", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    h.cluster.latencyMs = 5;
    const result = await h.run("check", "--concurrency", "3");
    expect(h.cluster.maxInFlight).toBe(3);
    const discovery = 1 + 5; // /apis, then v1, apps/v1, autoscaling/v2, policy/v1, networking.k8s.io/v1
    const listings = 5; // namespaces, resource quotas, limit ranges, pods, nodes
    expect(result.requests).toBe(platformFiles().length + discovery + listings);
    expect(h.cluster.log).toHaveLength(result.requests);
  });
});

describe("custom resource definitions", () => {
  const rule = prometheusRule(ENV, chat);

  it("reports a custom kind whose CRD is not installed, naming the operator to install", async () => {
    h = await startHarness([...platformFiles(), rule]);
    seedHealthyCluster(h.cluster);
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    const crd = findings(result.output).filter((f) => f.check === "crd");
    expect(crd).toHaveLength(1);
    expect(crd[0]).toMatchObject({ severity: "error", object: "PrometheusRule (monitoring.coreos.com/v1)", file: `generated/${ENV}/chat/llm-chat/prometheusrule.yaml` });
    expect(crd[0]!.message).toContain("no CustomResourceDefinition for PrometheusRule in group monitoring.coreos.com is installed");
    expect(crd[0]!.remedy).toContain("Prometheus Operator");
  });

  itConformance("accepts the kind once the real upstream CRD is installed, and dry-runs the custom resource", async () => {
    h = await startHarness([...platformFiles(), rule]);
    seedHealthyCluster(h.cluster);
    h.cluster.add(loadUpstreamCrd(PROMETHEUS_RULES_CRD));
    const result = await h.run("check", "--format", "json");
    expect(findings(result.output).filter((f) => f.severity === "error")).toEqual([]);
    const patch = h.cluster.log.find((r) => r.path === "/apis/monitoring.coreos.com/v1/namespaces/chat/prometheusrules/llm-chat");
    expect(patch).toMatchObject({ method: "PATCH", status: 201, query: { dryRun: "All" } });
  });

  itConformance("reports a version the installed CRD does not define, with the versions it serves", async () => {
    h = await startHarness([...platformFiles(), prometheusRule(ENV, chat, "monitoring.coreos.com/v1beta1")]);
    seedHealthyCluster(h.cluster);
    h.cluster.add(loadUpstreamCrd(PROMETHEUS_RULES_CRD));
    const crd = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "crd");
    expect(crd.map((f) => f.message)).toEqual([
      "CRD prometheusrules.monitoring.coreos.com is installed but does not define v1beta1 (served: v1; 1 generated object)",
    ]);
    expect(crd[0]!.remedy).toContain("generate monitoring.coreos.com/v1");
  });

  itConformance("reports a version the CRD defines but no longer serves", async () => {
    h = await startHarness([...platformFiles(), rule]);
    seedHealthyCluster(h.cluster);
    const crd = loadUpstreamCrd(PROMETHEUS_RULES_CRD);
    ((crd.spec as { versions: Array<{ served: boolean }> }).versions[0]!).served = false;
    h.cluster.add(crd);
    const messages = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "crd").map((f) => f.message);
    expect(messages).toEqual(["CRD prometheusrules.monitoring.coreos.com is installed but defines v1 but does not serve it (served: none; 1 generated object)"]);
  });
});

/** The files with llm-chat delivered by a Rollout of this strategy instead of its Deployment, as synth writes it. */
function withRollout(files: GeneratedFile[], strategy: Record<string, unknown>): GeneratedFile[] {
  return files.map((f) => {
    const name = (f.object.metadata as { name: string }).name;
    if (f.object.kind === "Deployment" && name === chat.name) {
      const spec = { ...(f.object.spec as object), strategy };
      return { path: f.path.replace("deployment.yaml", "rollout.yaml"), object: { ...f.object, apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", spec } };
    }
    if (f.object.kind === "HorizontalPodAutoscaler" && name === chat.name) {
      return { ...f, object: { ...f.object, spec: { ...(f.object.spec as object), scaleTargetRef: { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: chat.name } } } };
    }
    return f;
  });
}

describe("Argo Rollouts", () => {
  const ROLLOUTS_CRD = "argo-rollouts/argoproj.io_rollouts.yaml";
  /** The platform with llm-chat delivered by a canary Rollout instead of its Deployment, as synth writes it. */
  function rolloutPlatform(): GeneratedFile[] {
    return withRollout(platformFiles(), { canary: { steps: [{ setWeight: 20 }, { pause: { duration: "5m" } }] } });
  }

  it("reports a missing Argo Rollouts CRD, naming Argo Rollouts (not Argo CD) to install", async () => {
    h = await startHarness(rolloutPlatform());
    seedHealthyCluster(h.cluster);
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    const crd = findings(result.output).filter((f) => f.check === "crd");
    expect(crd).toHaveLength(1);
    expect(crd[0]).toMatchObject({ severity: "error", object: "Rollout (argoproj.io/v1alpha1)", file: `generated/${ENV}/chat/llm-chat/rollout.yaml` });
    expect(crd[0]!.message).toContain("no CustomResourceDefinition for Rollout in group argoproj.io is installed");
    expect(crd[0]!.remedy).toContain("install the Argo Rollouts CRDs");
  });

  itConformance("accepts the Rollout once the upstream CRD is installed, and counts its GPU pods like a Deployment's", async () => {
    h = await startHarness(rolloutPlatform());
    seedHealthyCluster(h.cluster);
    h.cluster.add(loadUpstreamCrd(ROLLOUTS_CRD));
    const result = await h.run("check", "--format", "json");
    expect(findings(result.output).filter((f) => f.severity === "error")).toEqual([]);
    expect(h.cluster.log.find((r) => r.path === "/apis/argoproj.io/v1alpha1/namespaces/chat/rollouts/llm-chat")).toMatchObject({ method: "PATCH", query: { dryRun: "All" } });
    const markdown = (await h.run("check", "--format", "markdown")).output;
    expect(markdown).toContain("| a100 | 1 | 2 | 8 | 0 | 8 | 4 | 0 |");
  });
});

describe("GPU schedulability", () => {
  it("reports too few free GPUs when other pods hold part of the pool, with a shortfall per pool", async () => {
    h = await startHarness(platformFiles());
    for (const f of platformFiles()) if (f.object.kind === "Namespace") h.cluster.add(f.object);
    h.cluster.add(gpuNode("gpu-a100-1", "a100", 4));
    h.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "research" } });
    h.cluster.add(gpuPod("trainer-0", "research", "gpu-a100-1", 2));
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.output);
    const gpu = findings(result.output).filter((f) => f.check === "gpu");
    expect(gpu).toHaveLength(1);
    expect(gpu[0]!.object).toBe("Deployment/chat/llm-chat");
    expect(gpu[0]!.message).toBe("needs 2 replica(s) × 2 nvidia.com/gpu in pool a100, only 1 fit: its 1 eligible node(s) have 2 nvidia.com/gpu free after other pods' requests");
    expect(report.gpuPools).toEqual([{ pool: "a100", services: 1, nodes: 1, allocatable: 4, requested: 2, free: 2, needed: 4, shortfall: 2 }]);
  });

  it("reads every page of a large pod listing", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    h.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "batch" } });
    for (let i = 0; i < 1200; i++) h.cluster.add({ apiVersion: "v1", kind: "Pod", metadata: { name: `job-${String(i).padStart(4, "0")}`, namespace: "batch" }, spec: { nodeName: "cpu-node", containers: [{ name: "c", image: "i" }] }, status: { phase: "Running" } });
    h.cluster.add(gpuPod("zz-trainer", "research", "gpu-a100-1", 4)); // sorts after every batch pod: on the last page
    h.cluster.add(gpuPod("zz-trainer-2", "research", "gpu-a100-2", 3));
    const result = await h.run("check", "--format", "json");
    expect(h.cluster.log.filter((r) => r.path === "/api/v1/pods").map((r) => r.query.limit)).toEqual(["500", "500", "500"]);
    expect(JSON.parse(result.output).gpuPools).toEqual([{ pool: "a100", services: 1, nodes: 2, allocatable: 8, requested: 7, free: 1, needed: 4, shortfall: 4 }]);
  });

  it("does not count the service's own running pods as taken: the sync replaces them", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    const own = gpuPod("llm-chat-abc", "chat", "gpu-a100-1", 2);
    (own.metadata as { labels: Record<string, string> }).labels = { "app.kubernetes.io/name": "llm-chat", "app.kubernetes.io/instance": `${ENV}-llm-chat` };
    h.cluster.add(own);
    const result = await h.run("check", "--format", "json");
    expect(findings(result.output).filter((f) => f.check === "gpu")).toEqual([]);
  });

  it("names the nodes whose taints the service does not tolerate", async () => {
    const files = [...namespaceObjects(ENV, "chat"), ...serviceObjects(ENV, { ...chat, gpu: { pool: "a100", perPod: 2, tolerate: false } })];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [chat]);
    const gpu = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "gpu");
    expect(gpu).toHaveLength(1);
    expect(gpu[0]!.message).toContain("2 of the 2 node(s) matching its affinity carry taints it does not tolerate: gpu-a100-1 (nvidia.com/gpu=a100:NoSchedule), gpu-a100-2 (nvidia.com/gpu=a100:NoSchedule)");
    expect(gpu[0]!.remedy).toContain("add a toleration");
  });

  it("reports a pool no node belongs to, and skips nodes that are not Ready", async () => {
    const files = [...namespaceObjects(ENV, "chat"), ...serviceObjects(ENV, { ...chat, gpu: { pool: "h100", perPod: 1 } })];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [chat]);
    h.cluster.add(gpuNode("gpu-h100-1", "h100", 8, { ready: false }));
    const gpu = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "gpu");
    expect(gpu.map((f) => f.message)).toEqual(["needs 2 replica(s) × 1 nvidia.com/gpu in pool h100, only 0 fit: 1 matching node(s) are not Ready"]);
  });
});

describe("headroom to update", () => {
  const blueGreen = { blueGreen: { activeService: "llm-chat", previewService: "llm-chat-preview" } };
  const routedCanary = { canary: { canaryService: "llm-chat-canary", stableService: "llm-chat", trafficRouting: { nginx: { stableIngress: "llm-chat" } }, steps: [{ setWeight: 20 }] } };
  /** 8 GPUs in the pool, 2 held by another team: llm-chat's minimum 2 × 2 fit, a second full set does not. */
  const seedWithTrainer = () => {
    seedHealthyCluster(h.cluster);
    h.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "research" } });
    h.cluster.add(gpuPod("trainer-0", "research", "gpu-a100-1", 2));
  };

  it("warns when a blue-green Rollout's new version cannot get its GPUs beside the old one, but not a replica-split canary", async () => {
    h = await startHarness(withRollout(platformFiles(), blueGreen));
    seedWithTrainer();
    const gpu = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "gpu");
    expect(gpu.map((f) => [f.severity, f.object, f.message])).toEqual([
      ["warning", "Rollout/chat/llm-chat", "an update needs 2 more pod(s) × 2 nvidia.com/gpu in pool a100 beside its minimum replicas (a blue-green rollout runs the new version at full size beside the old), only 1 fit: the update would wait for free GPUs"],
    ]);
    await h.close();
    // A canary without traffic routing surges by maxSurge (25% of 2: one pod), which fits.
    h = await startHarness(withRollout(platformFiles(), { canary: { steps: [{ setWeight: 50 }] } }));
    seedWithTrainer();
    expect(findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "gpu")).toEqual([]);
  });

  it("warns when a quota holds the minimum replicas but not a traffic-routed canary's second set", async () => {
    // pods: 2 + 2 fit in 4; GPUs: 4 + 4 do not fit in 6.
    const files = withRollout([...namespaceObjects(ENV, "chat", { pods: "4", "requests.nvidia.com/gpu": "6" }), ...serviceObjects(ENV, chat)], routedCanary);
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [chat]);
    const quota = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "quota" && f.message.includes("an update"));
    expect(quota.map((f) => [f.severity, f.object, f.message])).toEqual([
      ["warning", "ResourceQuota/chat/compute", "requests.nvidia.com/gpu: an update of Rollout/chat/llm-chat needs 4 more beside the minimum replicas (a canary with traffic routing runs the new version at full size beside the old before the old scales down), 8 in all, the quota allows 6; the update would stall"],
    ]);
  });
});

describe("server-side apply dry-run", () => {
  it("reports a field the API server does not know (strict field validation), per object", async () => {
    const files = platformFiles();
    const deployment = files.find((f) => f.path === "search/embedder/deployment.yaml")!.object as any;
    deployment.spec.template.spec.containers[0].imagePullPolcy = "Always";
    h = await startHarness(files);
    seedHealthyCluster(h.cluster);
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    const dry = findings(result.output).filter((f) => f.check === "dry-run" && f.severity === "error");
    expect(dry).toEqual([
      expect.objectContaining({
        object: "Deployment/search/embedder",
        file: `generated/${ENV}/search/embedder/deployment.yaml`,
        message: 'rejected (400 BadRequest): failed to create typed patch object (search/embedder; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="server"].imagePullPolcy: field not declared in schema',
      }),
    ]);
  });

  itConformance("reports a custom resource that fails its CRD schema with the field and the reason", async () => {
    const rule = prometheusRule(ENV, chat);
    delete (rule.object as any).spec.groups[0].rules[0].expr;
    h = await startHarness([...platformFiles(), rule]);
    seedHealthyCluster(h.cluster);
    h.cluster.add(loadUpstreamCrd(PROMETHEUS_RULES_CRD));
    const dry = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "dry-run");
    expect(dry).toHaveLength(1);
    expect(dry[0]!.message).toBe('rejected (422 Invalid): PrometheusRule.monitoring.coreos.com "llm-chat" is invalid: spec.groups[0].rules[0].expr: Required value');
  });

  it("reports an admission webhook's denial and keeps checking the other objects", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    h.cluster.webhooks.push({
      name: "images.policy.example.com",
      review: (object, request) => (request.resource === "deployments" && JSON.stringify(object).includes("registry.example.com/llm-chat") ? "image registry.example.com/llm-chat:1.0.0 is not signed" : undefined),
    });
    const result = await h.run("check", "--format", "json");
    const dry = findings(result.output).filter((f) => f.check === "dry-run");
    expect(dry).toEqual([
      expect.objectContaining({ severity: "error", object: "Deployment/chat/llm-chat", message: 'rejected (403 Forbidden): admission webhook "images.policy.example.com" denied the request: image registry.example.com/llm-chat:1.0.0 is not signed' }),
    ]);
    expect(h.cluster.log.filter((r) => r.method === "PATCH")).toHaveLength(platformFiles().length);
  });
});

describe("warnings the API server sends", () => {
  it("become warnings on the object", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    h.cluster.webhooks.push({ name: "hints.example.com", review: () => undefined, warnings: (o) => (o.kind === "Service" ? ['port "http" has no appProtocol, "the mesh" will treat it as TCP'] : []) });
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(0);
    expect(findings(result.output).filter((f) => f.severity === "warning").map((f) => [f.object, f.message])).toEqual([
      ["Service/chat/llm-chat", 'the API server warns: port "http" has no appProtocol, "the mesh" will treat it as TCP'],
      ["Service/search/embedder", 'the API server warns: port "http" has no appProtocol, "the mesh" will treat it as TCP'],
    ]);
  });
});

describe("namespaces, Pod Security and quotas", () => {
  it("reports a namespace nothing creates, and does not dry-run objects in namespaces that are not there yet", async () => {
    const files = [...platformFiles(), ...serviceObjects(ENV, { name: "orphan", namespace: "ghost" })];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster);
    h.cluster.remove("v1", "Namespace", undefined, "search");
    const all = findings((await h.run("check", "--format", "json")).output);
    expect(all.filter((f) => f.check === "namespace")).toEqual([
      expect.objectContaining({ severity: "error", object: "Namespace/ghost", message: "namespace ghost does not exist and nothing in the sync creates it (first used by Deployment/ghost/orphan)" }),
    ]);
    expect(all.filter((f) => f.check === "dry-run").map((f) => f.message)).toEqual([
      "5 object(s) in namespace ghost were not dry-run: the namespace does not exist yet",
      "8 object(s) in namespace search were not dry-run: the namespace does not exist yet",
    ]);
    expect(h.cluster.log.some((r) => r.path.includes("/namespaces/search/"))).toBe(false);
  });

  it("reports workloads the namespace's enforced Pod Security level would reject", async () => {
    const files = platformFiles();
    const pod = (files.find((f) => f.path === "chat/llm-chat/deployment.yaml")!.object as any).spec.template.spec;
    delete pod.containers[0].securityContext.allowPrivilegeEscalation;
    pod.hostNetwork = true;
    h = await startHarness(files);
    seedHealthyCluster(h.cluster);
    const psa = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "pod-security");
    expect(psa).toHaveLength(1);
    expect(psa[0]!.message).toBe(
      'namespace chat enforces Pod Security "restricted", which would reject its pods: host namespaces (hostNetwork=true); allowPrivilegeEscalation != false (container "server" must set securityContext.allowPrivilegeEscalation=false)',
    );
  });

  it("checks the live namespace's level when the namespace is not generated", async () => {
    const files = serviceObjects(ENV, { name: "embedder", namespace: "legacy" });
    (files[0]!.object as any).spec.template.spec.containers[0].securityContext = {};
    h = await startHarness(files);
    h.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "legacy", labels: { "pod-security.kubernetes.io/enforce": "baseline" } } });
    const psa = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "pod-security");
    expect(psa).toEqual([]); // baseline admits a pod that restricted would reject
  });

  it("reports quotas too small for the minimum replicas (error) and for the autoscalers' maximum (warning)", async () => {
    const files = [...namespaceObjects(ENV, "chat", { pods: "3", "requests.nvidia.com/gpu": "3", "requests.memory": "6Gi" }), ...serviceObjects(ENV, chat)];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [chat]);
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    const quota = findings(result.output).filter((f) => f.check === "quota");
    expect(quota.map((f) => [f.severity, f.object, f.message])).toEqual([
      ["error", "ResourceQuota/chat/compute", "requests.nvidia.com/gpu: the generated workloads need 4 at minimum replicas, the quota allows 3"],
      ["warning", "ResourceQuota/chat/compute", "pods: the autoscalers can grow to 4, the quota allows 3; scale-out will stop early"],
      ["warning", "ResourceQuota/chat/compute", "requests.memory: the autoscalers can grow to 8Gi, the quota allows 6Gi; scale-out will stop early"],
    ]);
  });

  it("counts what other pods in the namespace already hold, but not the pods the sync replaces", async () => {
    const files = [...namespaceObjects(ENV, "chat", { "requests.cpu": "5" }), ...serviceObjects(ENV, chat)];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [chat]);
    const running = (name: string, labels: Record<string, string>, cpu: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "chat", labels }, spec: { nodeName: "cpu-1", containers: [{ name: "c", image: "i", resources: { requests: { cpu } } }] }, status: { phase: "Running" } });
    h.cluster.add(running("notebook-0", { app: "notebook" }, "2"));
    h.cluster.add(running("llm-chat-old-0", { "app.kubernetes.io/name": "llm-chat", "app.kubernetes.io/instance": `${ENV}-llm-chat` }, "1"));
    const quota = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "quota");
    expect(quota.map((f) => [f.severity, f.message])).toEqual([
      ["warning", "requests.cpu: the autoscalers can grow to 4 while other pods in the namespace hold 2, the quota allows 5; scale-out will stop early"],
    ]);
  });

  it("reports containers that declare no cpu or memory under a quota that constrains them when no LimitRange gives defaults", async () => {
    const files = [...namespaceObjects(ENV, "search", { "limits.cpu": "100" }).filter((f) => f.object.kind !== "LimitRange"), ...serviceObjects(ENV, SERVICES[0]!)];
    delete (files.find((f) => f.path.endsWith("deployment.yaml"))!.object as any).spec.template.spec.containers[0].resources.limits;
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [SERVICES[0]!]);
    const quota = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "quota");
    expect(quota.map((f) => [f.object, f.message])).toEqual([
      ["Deployment/search/embedder", 'quota compute constrains limits.cpu but container "server" sets no limits.cpu and no LimitRange gives a default: its pods would be rejected'],
    ]);
  });
});

describe("StatefulSet volumes: storage classes and storage quotas", () => {
  const postgres = { name: "postgres", namespace: "search", minReplicas: 2, maxReplicas: 3 };
  const volumes = [{ name: "data", size: "100Gi", storageClass: "fast-ssd" }, { name: "wal", size: "20Gi" }];
  const claim = (name: string, size: string, storageClassName = "fast-ssd") => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "search" },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage: size } } },
  });

  it("reports a StorageClass the cluster does not have, and a volume without a class on a cluster without a default", async () => {
    h = await startHarness([...namespaceObjects(ENV, "search"), ...statefulServiceObjects(ENV, postgres, volumes)]);
    seedHealthyCluster(h.cluster, [postgres]);
    h.cluster.add(storageClass("standard"));
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    expect(findings(result.output).filter((f) => f.check === "storage").map((f) => [f.severity, f.object, f.message])).toEqual([
      ["error", "StatefulSet/search/postgres", "volume data asks for StorageClass fast-ssd, which the cluster does not have: its claims, and so its pods, would stay Pending"],
      ["error", "StatefulSet/search/postgres", "volume wal names no StorageClass and the cluster has no default one: its claims, and so its pods, would stay Pending"],
    ]);
  });

  it("passes when the classes exist (the default one for a volume that names none)", async () => {
    h = await startHarness([...namespaceObjects(ENV, "search"), ...statefulServiceObjects(ENV, postgres, volumes)]);
    seedHealthyCluster(h.cluster, [postgres]);
    h.cluster.add(storageClass("fast-ssd"));
    h.cluster.add(storageClass("standard", true));
    const result = await h.run("check", "--format", "json");
    expect(findings(result.output).filter((f) => f.severity !== "info")).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it("reports storage quotas that cannot hold the claims, counting other claims but not the StatefulSet's own", async () => {
    const quota = { "requests.storage": "300Gi", persistentvolumeclaims: "5", "fast-ssd.storageclass.storage.k8s.io/requests.storage": "240Gi" };
    h = await startHarness([...namespaceObjects(ENV, "search", quota), ...statefulServiceObjects(ENV, postgres, volumes)]);
    seedHealthyCluster(h.cluster, [postgres]);
    h.cluster.add(storageClass("fast-ssd", true));
    // A notebook's claim holds 50Gi of fast-ssd; the StatefulSet's own claim (data-postgres-0) is reused, not added.
    // wal names no class, so its claims get the default, fast-ssd: 2 × (100Gi + 20Gi) of it at minimum.
    h.cluster.add(claim("notebook-home", "50Gi"));
    h.cluster.add(claim("data-postgres-0", "100Gi"));
    const result = await h.run("check", "--format", "json");
    expect(findings(result.output).filter((f) => f.check === "quota").map((f) => [f.severity, f.message])).toEqual([
      ["error", "fast-ssd.storageclass.storage.k8s.io/requests.storage: the generated workloads need 240Gi at minimum replicas while other claims in the namespace hold 50Gi, the quota allows 240Gi"],
      ["warning", "persistentvolumeclaims: the autoscalers can grow to 6 while other claims in the namespace hold 1, the quota allows 5; scale-out will stop early"],
      ["warning", "requests.storage: the autoscalers can grow to 360Gi while other claims in the namespace hold 50Gi, the quota allows 300Gi; scale-out will stop early"],
    ]);
  });
});

describe("model claims: storage classes and storage quotas", () => {
  const embedder = { name: "embedder", namespace: "search", minReplicas: 2, maxReplicas: 4 };
  const ranker = { name: "ranker", namespace: "search", minReplicas: 2 };
  const postgres = { name: "postgres", namespace: "search", minReplicas: 2, maxReplicas: 3 };
  const claim = (name: string, size: string, storageClassName: string) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "search" },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage: size } } },
  });

  it("reports a model claim whose StorageClass the cluster does not have, and one without a class on a cluster without a default", async () => {
    h = await startHarness([...namespaceObjects(ENV, "search"), ...modelClaimServiceObjects(ENV, embedder, { size: "40Gi", storageClass: "models-rox" }), ...modelClaimServiceObjects(ENV, ranker, { size: "10Gi" })]);
    seedHealthyCluster(h.cluster, [embedder]);
    h.cluster.add(storageClass("standard"));
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    expect(findings(result.output).filter((f) => f.check === "storage").map((f) => [f.object, f.file, f.message, f.remedy])).toEqual([
      [
        "PersistentVolumeClaim/search/embedder-model",
        `generated/${ENV}/search/embedder/persistentvolumeclaim-embedder-model.yaml`,
        "claim embedder-model asks for StorageClass models-rox, which the cluster does not have: it, and so the pods that mount it, would stay Pending",
        "name one of the cluster's StorageClasses (standard) in the model's volumeClaim (or cache.volumeClaim), or create models-rox",
      ],
      [
        "PersistentVolumeClaim/search/ranker-model",
        `generated/${ENV}/search/ranker/persistentvolumeclaim-ranker-model.yaml`,
        "claim ranker-model names no StorageClass and the cluster has no default one: it, and so the pods that mount it, would stay Pending",
        'set storageClass in the model\'s volumeClaim (or cache.volumeClaim), or mark a StorageClass of the cluster as its default (storageclass.kubernetes.io/is-default-class: "true")',
      ],
    ]);
  });

  it("holds a model claim once, whatever the replicas, beside the StatefulSet's claims per pod, reusing live claims of the same names", async () => {
    // Minimum: postgres 2 × (100Gi fast-ssd + 20Gi default) + the model's 40Gi fast-ssd = 280Gi in 5 claims; maximum: 3 × 120Gi + 40Gi = 400Gi in 7.
    const quota = { "requests.storage": "320Gi", persistentvolumeclaims: "8", "count/persistentvolumeclaims": "7", "fast-ssd.storageclass.storage.k8s.io/requests.storage": "300Gi", "standard.storageclass.storage.k8s.io/requests.storage": "50Gi" };
    const files = [...namespaceObjects(ENV, "search", quota), ...modelClaimServiceObjects(ENV, embedder, { size: "40Gi", storageClass: "fast-ssd" }), ...statefulServiceObjects(ENV, postgres, [{ name: "data", size: "100Gi", storageClass: "fast-ssd" }, { name: "wal", size: "20Gi" }])];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [embedder, postgres]);
    h.cluster.add(storageClass("fast-ssd"));
    h.cluster.add(storageClass("standard", true));
    // Only the notebook's claim is held by others: embedder-model and data-postgres-0 are the sync's own, reused.
    h.cluster.add(claim("notebook-home", "50Gi", "fast-ssd"));
    h.cluster.add(claim("embedder-model", "40Gi", "fast-ssd"));
    h.cluster.add(claim("data-postgres-0", "100Gi", "fast-ssd"));
    const result = await h.run("check", "--format", "json");
    expect(result.exitCode).toBe(1);
    expect(findings(result.output).filter((f) => f.check === "quota").map((f) => [f.severity, f.message])).toEqual([
      ["error", "requests.storage: the generated workloads need 280Gi at minimum replicas while other claims in the namespace hold 50Gi, the quota allows 320Gi"],
      ["warning", "count/persistentvolumeclaims: the autoscalers can grow to 7 while other claims in the namespace hold 1, the quota allows 7; scale-out will stop early"],
      ["warning", "fast-ssd.storageclass.storage.k8s.io/requests.storage: the autoscalers can grow to 340Gi while other claims in the namespace hold 50Gi, the quota allows 300Gi; scale-out will stop early"],
      // wal names no class: its claims get the default one, standard, and count under its keys.
      ["warning", "standard.storageclass.storage.k8s.io/requests.storage: the autoscalers can grow to 60Gi, the quota allows 50Gi; scale-out will stop early"],
    ]);
  });

  it("passes a model claim that fills the quota exactly, counted under the default class it gets, its live claim reused", async () => {
    const quota = { "requests.storage": "40Gi", persistentvolumeclaims: "1", "standard.storageclass.storage.k8s.io/requests.storage": "40Gi", "standard.storageclass.storage.k8s.io/persistentvolumeclaims": "1" };
    h = await startHarness([...namespaceObjects(ENV, "search", quota), ...modelClaimServiceObjects(ENV, embedder, { size: "40Gi" })]);
    seedHealthyCluster(h.cluster, [embedder]);
    h.cluster.add(storageClass("standard", true));
    h.cluster.add(claim("embedder-model", "40Gi", "standard"));
    const result = await h.run("check", "--format", "json");
    expect(findings(result.output).filter((f) => f.severity !== "info")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(h.cluster.log.filter((r) => r.method === "GET").map((r) => r.path)).toEqual(expect.arrayContaining(["/apis/storage.k8s.io/v1/storageclasses", "/api/v1/persistentvolumeclaims"]));
  });
});

describe("hook Jobs and CronJobs", () => {
  /** A CronJob of `namespace` whose one pod asks for `cpu`, as synth writes it (restricted pod). */
  const cronJob = (namespace: string, cpu: string) => ({
    path: `${namespace}/nightly-dump/cronjob.yaml`,
    object: {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly-dump", namespace, labels: { "app.kubernetes.io/managed-by": "gitops-forge", "gitops-forge.io/environment": ENV } },
      spec: {
        schedule: "30 2 * * *",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 600,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            template: {
              spec: {
                restartPolicy: "Never",
                securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                containers: [{ name: "dump", image: "registry.example.com/pg-dump:16.4", resources: { requests: { cpu, memory: "1Gi" }, limits: { cpu, memory: "1Gi" } }, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
              },
            },
          },
        },
      },
    },
  });

  it("dry-runs a CronJob and counts its running pod against the namespace's quota", async () => {
    const files = [...namespaceObjects(ENV, "chat", { "requests.cpu": "4" }), ...serviceObjects(ENV, { ...chat, gpu: undefined }), cronJob("chat", "1")];
    h = await startHarness(files);
    seedHealthyCluster(h.cluster, [chat]);
    const result = await h.run("check", "--format", "json");
    expect(h.cluster.log.some((r) => r.method === "PATCH" && r.path === "/apis/batch/v1/namespaces/chat/cronjobs/nightly-dump" && r.status < 300)).toBe(true);
    const quota = findings(result.output).filter((f) => f.check === "quota");
    // Two server pods of 1 CPU at minimum (four at most), and the dump's pod of 1 CPU while it runs.
    expect(quota.map((f) => [f.severity, f.message])).toEqual([
      ["warning", "requests.cpu: the autoscalers can grow to 5, the quota allows 4; scale-out will stop early"],
    ]);
  });

  it("reports a CronJob's pod that the namespace's Pod Security level would reject", async () => {
    const job = cronJob("chat", "500m");
    (job.object.spec.jobTemplate.spec.template.spec as Record<string, unknown>).hostNetwork = true;
    h = await startHarness([...platformFiles(), job]);
    seedHealthyCluster(h.cluster);
    const psa = findings((await h.run("check", "--format", "json")).output).filter((f) => f.check === "pod-security");
    expect(psa.map((f) => [f.object, f.message])).toEqual([
      ["CronJob/chat/nightly-dump", 'namespace chat enforces Pod Security "restricted", which would reject its pods: host namespaces (hostNetwork=true)'],
    ]);
  });
});
