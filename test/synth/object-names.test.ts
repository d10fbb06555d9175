import { beforeAll, describe, expect, it } from "vitest";
import { errorsOf, synthesizePlatform } from "./platform-environment";

// Objects named as a guide names them; everything that refers to them follows.
const PLATFORM = `namespaces:
  ml-serving:
    names: { quota: serving-quota, limitRange: serving-limits, defaultDeny: default-deny-all }
backup:
  name: nightly-backup
services:
  embeddings:
    names: { service: embeddings-api, hpa: embeddings-hpa, pdb: embeddings-pdb }
  search:
    names: { service: search-service, ingress: search-ingress, role: search-role, roleBinding: search-binding }
    rbac:
      rules:
        - { apiGroups: [""], resources: [configmaps], verbs: [get] }
  churn-predictor:
    names: { role: search-role }
    rbac:
      rules:
        - { apiGroups: [""], resources: [configmaps], verbs: [get] }
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const named = (kind: string) => platform.objects.filter((o) => o.kind === kind).map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`);

describe("names of generated objects", () => {
  it("names the service's objects as set, the others as generated", () => {
    expect(named("HorizontalPodAutoscaler")).toContain("ml-llm/embeddings-hpa");
    expect(named("HorizontalPodAutoscaler")).not.toContain("ml-llm/embeddings");
    expect(named("HorizontalPodAutoscaler")).toContain("ml-llm/llm-chat");
    expect(named("PodDisruptionBudget")).toContain("ml-llm/embeddings-pdb");
    expect(named("Service")).toEqual(expect.arrayContaining(["ml-llm/embeddings-api", "ml-serving/search-service", "ml-serving/churn-predictor"]));
    expect(named("Service")).not.toContain("ml-llm/embeddings");
    expect(named("Deployment")).toContain("ml-llm/embeddings");
  });

  it("keeps every reference to a renamed object pointing at it", () => {
    expect(platform.find("HorizontalPodAutoscaler", "embeddings-hpa")!.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "embeddings" });
    const chatSettings = platform.find("ConfigMap", "llm-chat-env")!;
    expect(chatSettings.data.EMBEDDINGS_URL).toMatch(/^http:\/\/embeddings-api\.ml-llm\.svc\.cluster\.local:\d+$/);
    const ingress = platform.find("Ingress", "search-ingress")!;
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe("search-service");
    expect(platform.find("Role", "search-role")).toBeDefined();
    expect(platform.find("RoleBinding", "search-binding")!.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "search-role" });
  });

  it("writes one Role for services that name it with the same rules, and binds each service to it", () => {
    expect(named("Role").filter((r) => r === "ml-serving/search-role")).toHaveLength(1);
    expect((platform.find("RoleBinding", "churn-predictor") as any).roleRef.name).toBe("search-role");
    expect(platform.find("RoleBinding", "churn-predictor")!.subjects).toEqual([{ kind: "ServiceAccount", name: "churn-predictor", namespace: "ml-serving" }]);
  });

  it("keeps the scraped series' service label the service's, which the alerts match", () => {
    const monitor = platform.find("ServiceMonitor", "embeddings")!;
    for (const endpoint of monitor.spec.endpoints) expect(endpoint.relabelings).toEqual([{ action: "replace", targetLabel: "service", replacement: "embeddings" }]);
    expect(platform.find("ServiceMonitor", "llm-chat")!.spec.endpoints[0].relabelings).toBeUndefined();
  });

  it("watches a renamed HPA and PDB by their names and labels the alerts with the service", () => {
    const rules = platform.objects.find((o) => o.kind === "PrometheusRule" && o.metadata.name === "workload-alerts" && o.metadata.namespace === "ml-llm")!;
    const alert = (name: string) => rules.spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === name).expr as string;
    expect(alert("HPAMaxedOut")).toContain('horizontalpodautoscaler=~"embeddings-hpa|llm-chat"');
    expect(alert("HPAMaxedOut")).toContain('"service", "embeddings", "horizontalpodautoscaler", "embeddings-hpa"');
    expect(alert("PodDisruptionBudgetAtLimit")).toContain('"service", "embeddings", "poddisruptionbudget", "embeddings-pdb"');
  });

  it("names the namespace's baseline and the daily Velero Schedule as set", () => {
    expect(named("ResourceQuota")).toEqual(expect.arrayContaining(["ml-serving/serving-quota", "ml-llm/compute"]));
    expect(named("LimitRange")).toContain("ml-serving/serving-limits");
    expect(named("NetworkPolicy")).toEqual(expect.arrayContaining(["ml-serving/default-deny-all", "ml-llm/default-deny"]));
    expect(platform.find("Schedule", "nightly-backup")!.spec.schedule).toBe("0 1 * * *");
    const backupRules = platform.objects.find((o) => o.kind === "PrometheusRule" && o.metadata.namespace === "velero")!;
    expect(JSON.stringify(backupRules.spec.groups)).toContain("nightly-backup");
  });

  it("passes validate at production severity", () => {
    expect(errorsOf(platform.report)).toEqual([]);
  });
});
