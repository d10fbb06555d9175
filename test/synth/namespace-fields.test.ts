import { beforeAll, describe, expect, it } from "vitest";
import { synthesizePlatform, errorsOf } from "./platform-environment";
import { quotaHard } from "../../charts/namespace-quota";

const PLATFORM = `namespaces:
  ml-serving:
    labels: { team: ml-platform, cost-center: cc-42 }
    annotations: { owner: ml-platform@acme.example }
    quota:
      cpu: "100"
      memory: 200Gi
      gpu: 8
      limits: { cpu: "200", memory: 400Gi, gpu: 8 }
      hard:
        persistentvolumeclaims: 20
        requests.storage: 2Ti
        services.loadbalancers: 0
        count/deployments.apps: 30
    limitRange:
      limits:
        - type: Container
          min: { cpu: 100m, memory: 128Mi }
          max: { cpu: "8", memory: 32Gi }
          maxLimitRequestRatio: { cpu: "4" }
        - type: Pod
          max: { cpu: "16", memory: 64Gi }
        - type: PersistentVolumeClaim
          min: { storage: 1Gi }
          max: { storage: 500Gi }
  ml-llm:
    quota: null
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const inNamespace = (kind: string, namespace: string) => platform.objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace);

describe("namespace fields", () => {
  it("labels and annotates the Namespace, keeping Pod Security restricted", () => {
    const ns = platform.find("Namespace", "ml-serving")!;
    expect(ns.metadata.labels).toMatchObject({ team: "ml-platform", "cost-center": "cc-42", "pod-security.kubernetes.io/enforce": "restricted" });
    expect(ns.metadata.annotations).toMatchObject({ owner: "ml-platform@acme.example" });
  });

  it("writes requests and limits apart, GPUs, storage, load balancers and object counts into the ResourceQuota", () => {
    const [quota] = inNamespace("ResourceQuota", "ml-serving");
    expect(quota!.spec.hard).toEqual({
      "requests.cpu": "100",
      "requests.memory": "200Gi",
      "requests.nvidia.com/gpu": 8,
      "limits.cpu": "200",
      "limits.memory": "400Gi",
      "limits.nvidia.com/gpu": 8,
      pods: 400,
      persistentvolumeclaims: 20,
      "requests.storage": "2Ti",
      "services.loadbalancers": 0,
      "count/deployments.apps": 30,
    });
  });

  it("writes LimitRange min, max, defaults and ratio for containers, and items for pods and PVCs", () => {
    const [limitRange] = inNamespace("LimitRange", "ml-serving");
    expect(limitRange!.spec.limits).toEqual([
      {
        type: "Container",
        default: { cpu: "250m", memory: "256Mi" },
        defaultRequest: { cpu: "250m", memory: "256Mi" },
        min: { cpu: "100m", memory: "128Mi" },
        max: { cpu: "8", memory: "32Gi" },
        maxLimitRequestRatio: { cpu: "4" },
      },
      { type: "Pod", max: { cpu: "16", memory: "64Gi" } },
      { type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "500Gi" } },
    ]);
  });

  it("leaves the quota out where none is given, and validate warns instead of refusing", () => {
    expect(inNamespace("ResourceQuota", "ml-llm")).toEqual([]);
    expect(inNamespace("LimitRange", "ml-llm")).toHaveLength(1);
    expect(errorsOf(platform.report)).toEqual([]);
    const warnings = platform.report.findings.filter((f) => f.policy === "namespace-resource-quota").map((f) => [f.severity, f.message]);
    expect(warnings).toEqual([["warning", "Namespace ml-llm has no ResourceQuota"]]);
  });

  it("keeps a GPU quota the user wrote under nvidia.com/gpu where no GPU pool names a resource, and writes none unasked", () => {
    const gpuEntries = (hard: Record<string, object>) => Object.fromEntries(Object.entries(hard).filter(([key]) => key.includes("gpu")).map(([k, v]) => [k, String((v as { value: unknown }).value)]));
    const written = { pods: 100, gpu: 8, limits: { gpu: 6 } };
    expect(gpuEntries(quotaHard(written, []))).toEqual({ "requests.nvidia.com/gpu": "8", "limits.nvidia.com/gpu": "6" });
    expect(gpuEntries(quotaHard({ pods: 100 }, []))).toEqual({});
    // With pools: each pool's resource, the requests 0 unless written (GPUs are then granted explicitly).
    expect(gpuEntries(quotaHard({ pods: 100 }, ["amd.com/gpu", "nvidia.com/gpu"]))).toEqual({ "requests.amd.com/gpu": "0", "requests.nvidia.com/gpu": "0" });
    expect(gpuEntries(quotaHard(written, ["amd.com/gpu"]))).toEqual({ "requests.amd.com/gpu": "8", "limits.amd.com/gpu": "6" });
  });
});
