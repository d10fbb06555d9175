import { beforeAll, describe, expect, it } from "vitest";
import { crdErrors } from "../helpers/crds";
import Ajv from "ajv";
import { describeConformance } from "../helpers/upstream-crds";
import { VerticalPodAutoscalerSchema } from "../../policies/engine/custom-resource-schemas";
import { errorsOf, synthesizePlatform } from "./platform-environment";

const PLATFORM = `services:
  llm-chat:
    autoscaling:
      scaleUp:
        stabilizationWindowSeconds: 0
        policies:
          - { type: Percent, value: 100, periodSeconds: 15 }
          - { type: Pods, value: 5, periodSeconds: 15 }
        selectPolicy: Max
      scaleDown:
        stabilizationWindowSeconds: 600
        policies: [{ type: Percent, value: 10, periodSeconds: 60 }]
  embeddings:
    containerName: embedder
    autoscaling: null
    verticalAutoscaling:
      updateMode: Auto
      minAllowed: { cpu: "1", memory: 4Gi }
      maxAllowed: { cpu: "4", memory: 16Gi }
      controlledResources: [cpu, memory]
      controlledValues: RequestsAndLimits
  churn-predictor:
    autoscaling: null
    replicas: 3
    fixedReplicasReason: the feature store allows three connections
  search:
    autoscaling: { minReplicas: 3, maxReplicas: 12, gpuUtilization: null, cpuUtilization: null, podMetrics: [{ name: http_requests_per_second, averageValue: "50" }] }
    verticalAutoscaling: { updateMode: "Off" }
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

describe("autoscaling fields", () => {
  it("writes the HPA's scaling policies and selectPolicy as given", () => {
    const behavior = platform.find("HorizontalPodAutoscaler", "llm-chat")!.spec.behavior;
    expect(behavior.scaleUp).toEqual({
      stabilizationWindowSeconds: 0,
      policies: [
        { type: "Percent", value: 100, periodSeconds: 15 },
        { type: "Pods", value: 5, periodSeconds: 15 },
      ],
      selectPolicy: "Max",
    });
    expect(behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 600, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }], selectPolicy: "Min" });
  });

  it("keeps the per-minute shorthands where no policies are given", () => {
    const behavior = platform.find("HorizontalPodAutoscaler", "search")!.spec.behavior;
    expect(behavior.scaleUp.policies).toEqual([
      { type: "Percent", value: 100, periodSeconds: 60 },
      { type: "Pods", value: 4, periodSeconds: 60 },
    ]);
  });

  it("writes a VerticalPodAutoscaler for the service's Deployment and its serving container, with its bounds", () => {
    const vpa = platform.find("VerticalPodAutoscaler", "embeddings")!;
    expect(vpa.apiVersion).toBe("autoscaling.k8s.io/v1");
    expect(vpa.metadata.annotations?.["argocd.argoproj.io/sync-wave"]).toBe("2");
    expect(vpa.spec).toEqual({
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "embeddings" },
      updatePolicy: { updateMode: "Auto" },
      resourcePolicy: {
        containerPolicies: [
          { containerName: "embedder", controlledResources: ["cpu", "memory"], controlledValues: "RequestsAndLimits", minAllowed: { cpu: "1", memory: "4Gi" }, maxAllowed: { cpu: "4", memory: "16Gi" } },
        ],
      },
    });
    expect(platform.find("Deployment", "embeddings")!.spec.template.spec.containers[0].name).toBe("embedder");
    expect(platform.find("HorizontalPodAutoscaler", "embeddings")).toBeUndefined();
  });

  it("marks a fixed replica count chosen on purpose, and sets the replicas", () => {
    const deployment = platform.find("Deployment", "churn-predictor")!;
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.metadata.annotations?.["gitops-forge.io/fixed-replicas"]).toBe("the feature store allows three connections");
  });

  it("passes validate at production severity: serving-has-hpa accepts the VPA and the deliberate fixed count", () => {
    expect(errorsOf(platform.report)).toEqual([]);
    expect(platform.report.unvalidated.filter((r) => r.kind === "VerticalPodAutoscaler")).toEqual([]);
  });

  it("validates the VerticalPodAutoscalers offline with the schema validate ships, which rejects a misspelt field", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(JSON.stringify(VerticalPodAutoscalerSchema)));
    const vpas = platform.objects.filter((o) => o.kind === "VerticalPodAutoscaler");
    expect(vpas.map((o) => o.metadata.name).sort()).toEqual(["embeddings", "search"]);
    for (const vpa of vpas) expect(validate(vpa), JSON.stringify(validate.errors)).toBe(true);
    const misspelt = { ...vpas[0]!, spec: { ...vpas[0]!.spec, updatePolicy: { updateMod: "Auto" } } };
    expect(validate(misspelt)).toBe(false);
  });
});

describeConformance("VerticalPodAutoscaler", () => {
  it("validates against the upstream CRD (strict fields), which rejects what the shipped schema rejects", () => {
    const vpas = platform.objects.filter((o) => o.kind === "VerticalPodAutoscaler");
    for (const vpa of vpas) expect(crdErrors(vpa)).toEqual([]);
    const misspelt = { ...vpas[0]!, spec: { ...vpas[0]!.spec, updatePolicy: { updateMod: "Auto" } } };
    expect(crdErrors(misspelt).length).toBeGreaterThan(0);
  });
});

describe("serving-has-hpa", () => {
  it("still refuses a serving workload with neither autoscaler nor a reason for its fixed count", async () => {
    const { report } = await synthesizePlatform("services:\n  churn-predictor:\n    autoscaling: null\n");
    expect(errorsOf(report)).toContain(
      "serving-has-hpa: serving Deployment churn-predictor has no HorizontalPodAutoscaler, no VerticalPodAutoscaler applying its recommendations, and no gitops-forge.io/fixed-replicas annotation saying why its replica count is fixed",
    );
  });

  it("does not count a VPA that only recommends (updateMode Off)", async () => {
    const { report } = await synthesizePlatform('services:\n  churn-predictor:\n    autoscaling: null\n    verticalAutoscaling: { updateMode: "Off" }\n');
    expect(errorsOf(report).filter((e) => e.startsWith("serving-has-hpa"))).toHaveLength(1);
  });
});
