/**
 * Canary and blue-green delivery in the sample environments: the Rollout, its
 * Services, Ingress, AnalysisTemplate and HPA point at each other; the
 * guard rails (PDB, NetworkPolicy, ServiceMonitor) cover every version's pods;
 * Argo CD syncs them in order; the analysis queries fail on failing series and
 * pass on healthy ones under the real promtool.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { synthesize, synthesizeEnvironment, type Manifest } from "../../scripts/lib/synth/pipeline";
import { loadChartEnvironment } from "../../charts/load-environment";
import { VALID_DEV } from "../helpers/bad-environments";
import { analysisChecks, analysisGroupName, analysisRule } from "../../charts/monitoring/analysis-checks";
import { findPromtool, runPromtool } from "../../scripts/lib/promtool";
import { SchemaRegistry } from "../../policies/engine/kubernetes-schema";
import { REPO_ROOT, removeScratch, scratchRepo } from "../helpers/repo";
import { crdErrors } from "../helpers/crds";
import { describeConformance } from "../helpers/upstream-crds";

const { folders } = synthesize(REPO_ROOT, ["staging", "production"]);
type Any = Manifest & { spec: any };
const objectsOf = (folder: string) => folders.find((f) => f.folder === folder)!.objects as Map<string, Any>;
const staging = objectsOf("staging");
const NS = "ml-serving-staging";
const find = (kind: string, namespace: string, name: string): Any | undefined =>
  [...staging.values()].find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
const get = (kind: string, namespace: string, name: string): Any => {
  const object = find(kind, namespace, name);
  if (!object) throw new Error(`no ${kind} ${namespace}/${name} in generated/staging`);
  return object;
};
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const HASH_LABEL = "rollouts-pod-template-hash";

describe("a canary for a GPU service (staging llm-chat)", () => {
  const rollout = get("Rollout", NS, "llm-chat");
  const canary = rollout.spec.strategy.canary;
  const podLabels = rollout.spec.template.metadata.labels as Record<string, string>;

  it("replaces the Deployment and keeps its hardened GPU pod template", () => {
    expect(find("Deployment", NS, "llm-chat")).toBeUndefined();
    const pod = rollout.spec.template.spec;
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe(1);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(rollout.spec.replicas).toBeUndefined(); // the HPA owns the count
  });

  it("ramps 10% → 25% → 50% with timed pauses, through the NGINX ingress between the stable and canary Services", () => {
    expect(canary.steps).toEqual([
      { setWeight: 10 }, { pause: { duration: "10m" } }, { setWeight: 25 }, { pause: { duration: "10m" } }, { setWeight: 50 }, { pause: { duration: "15m" } },
    ]);
    const stable = get("Service", NS, canary.stableService);
    const canaryService = get("Service", NS, canary.canaryService);
    expect(canary.stableService).toBe("llm-chat");
    expect(canary.canaryService).toBe("llm-chat-canary");
    for (const service of [stable, canaryService]) {
      expect(selects(service.spec.selector, podLabels)).toBe(true);
      expect(service.spec.selector).not.toHaveProperty(HASH_LABEL);
    }
    expect(canaryService.spec.ports).toEqual(stable.spec.ports);
    const ingress = get("Ingress", NS, canary.trafficRouting.nginx.stableIngress);
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(canary.stableService);
  });

  it("runs its AnalysisTemplate in the background on the new version's pods, with the SLO thresholds and the GPU memory metric", () => {
    const template = get("AnalysisTemplate", NS, canary.analysis.templates[0].templateName);
    expect(canary.analysis.args).toEqual([{ name: "pod-template-hash", valueFrom: { podTemplateHashValue: "Latest" } }]);
    expect(template.spec.args).toEqual([{ name: "pod-template-hash" }]);
    const metrics = Object.fromEntries(template.spec.metrics.map((m: any) => [m.name, m]));
    expect(Object.keys(metrics)).toEqual(["error-ratio", "latency-p95", "gpu-memory"]);
    // slo.errorRatio 0.01; the analysis tightens p95 latency from the SLO's 8s to 6s.
    expect(metrics["error-ratio"]).toMatchObject({ failureCondition: "len(result) > 0 && result[0] > 0.01", successCondition: "len(result) > 0 && result[0] <= 0.01" });
    expect(metrics["latency-p95"]).toMatchObject({ failureCondition: "len(result) > 0 && result[0] > 6", successCondition: "len(result) > 0 && result[0] <= 6" });
    expect(metrics["gpu-memory"]).toMatchObject({ failureCondition: "len(result) > 0 && result[0] > 0.95" });
    for (const m of template.spec.metrics) {
      expect(m.provider.prometheus.address).toBe("http://prometheus-operated.monitoring.svc:9090");
      expect(m.provider.prometheus.query).toContain("{{args.pod-template-hash}}");
      expect(m.count).toBeUndefined(); // background analysis runs until the rollout completes
    }
  });

  it("is scaled by its HPA, guarded by its PDB and NetworkPolicy, scraped by its ServiceMonitor: stable and canary pods alike", () => {
    const hpa = get("HorizontalPodAutoscaler", NS, "llm-chat");
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "llm-chat" });
    const pdb = get("PodDisruptionBudget", NS, "llm-chat");
    const policy = get("NetworkPolicy", NS, "llm-chat");
    for (const selector of [pdb.spec.selector.matchLabels, policy.spec.podSelector.matchLabels]) {
      expect(selects(selector, podLabels)).toBe(true);
      expect(selector).not.toHaveProperty(HASH_LABEL);
    }
    const monitor = get("ServiceMonitor", NS, "llm-chat");
    for (const name of ["llm-chat", "llm-chat-canary"]) expect(selects(monitor.spec.selector.matchLabels, get("Service", NS, name).metadata.labels ?? {})).toBe(true);
    // Every target is the service's, found through either Service; the hash tells the versions apart.
    expect(monitor.spec.endpoints[0].relabelings).toEqual([
      { action: "replace", targetLabel: "service", replacement: "llm-chat" },
      { action: "replace", targetLabel: "job", replacement: "llm-chat" },
      { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_rollouts_pod_template_hash"], targetLabel: "rollouts_pod_template_hash" },
    ]);
  });

  it("reads its replica SLO from Argo Rollouts' metrics (kube-state-metrics has no Rollouts)", () => {
    const rule = get("PrometheusRule", NS, "llm-chat");
    const replicas = rule.spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === "ReplicasUnavailable");
    expect(replicas.expr).toContain('rollout_info_replicas_available{namespace="ml-serving-staging", name="llm-chat"}');
  });
});

describe("a blue-green for a CPU service (staging churn-predictor)", () => {
  const rollout = get("Rollout", NS, "churn-predictor");
  const blueGreen = rollout.spec.strategy.blueGreen;

  it("switches the active Service after the preview passed its analysis before promotion", () => {
    expect(find("Deployment", NS, "churn-predictor")).toBeUndefined();
    expect(rollout.spec.template.spec.containers[0].resources.limits).not.toHaveProperty("nvidia.com/gpu");
    expect(blueGreen).toMatchObject({ activeService: "churn-predictor", previewService: "churn-predictor-green", scaleDownDelaySeconds: 300 });
    const labels = rollout.spec.template.metadata.labels;
    for (const name of [blueGreen.activeService, blueGreen.previewService]) expect(selects(get("Service", NS, name).spec.selector, labels)).toBe(true);
    expect(get("Ingress", NS, "churn-predictor").spec.rules[0].http.paths[0].backend.service.name).toBe(blueGreen.activeService);
    const template = get("AnalysisTemplate", NS, blueGreen.prePromotionAnalysis.templates[0].templateName);
    // Before promotion the analysis must end: a fixed number of measurements.
    for (const m of template.spec.metrics) expect(m.count).toBe(5);
    expect(get("HorizontalPodAutoscaler", NS, "churn-predictor").spec.scaleTargetRef.kind).toBe("Rollout");
  });
});

describe("without monitoring", () => {
  it("writes no AnalysisTemplate and no analysis in the Rollouts: the queries read what the ServiceMonitor scrapes", () => {
    const env = loadChartEnvironment(REPO_ROOT, "staging");
    const objects = [...synthesizeEnvironment({ ...env, monitoring: { ...env.monitoring, enabled: false } }).find((f) => f.folder === "staging")!.objects.values()] as Any[];
    expect(objects.filter((o) => o.kind === "AnalysisTemplate")).toEqual([]);
    const rollouts = objects.filter((o) => o.kind === "Rollout");
    expect(rollouts.map((o) => o.metadata.name).sort()).toEqual(["churn-predictor", "llm-chat"]);
    expect(rollouts.map((o) => o.spec.strategy.canary?.analysis ?? o.spec.strategy.blueGreen?.prePromotionAnalysis)).toEqual([undefined, undefined]);
  });
});

describe("services delivered by rolling update", () => {
  it("keep their Deployment, and no Argo Rollouts object is written for them", () => {
    expect(find("Deployment", NS, "embeddings")).toBeDefined();
    expect(find("Rollout", NS, "embeddings")).toBeUndefined();
    const production = [...objectsOf("production").values()];
    expect(production.filter((o) => o.apiVersion.startsWith("argoproj.io/"))).toEqual([]);
  });
});

describe("Argo CD", () => {
  const argocd = objectsOf("argocd/staging");
  const project = [...argocd.values()].find((o) => o.kind === "AppProject")!;

  it("may sync Rollouts and AnalysisTemplates (the AppProject's whitelist)", () => {
    expect(project.spec.namespaceResourceWhitelist).toEqual(expect.arrayContaining([{ group: "argoproj.io", kind: "Rollout" }, { group: "argoproj.io", kind: "AnalysisTemplate" }]));
  });

  it("applies the AnalysisTemplate before the Rollout, and the Rollout with its Services before the Ingress and ServiceMonitor", () => {
    const wave = (kind: string, name: string) => Number(get(kind, NS, name).metadata.annotations!["argocd.argoproj.io/sync-wave"]);
    expect(wave("AnalysisTemplate", "llm-chat")).toBeLessThan(wave("Rollout", "llm-chat"));
    expect(wave("Rollout", "llm-chat")).toBe(wave("Service", "llm-chat-canary"));
    expect(wave("Rollout", "llm-chat")).toBe(wave("HorizontalPodAutoscaler", "llm-chat"));
    expect(wave("Ingress", "llm-chat")).toBeGreaterThan(wave("Rollout", "llm-chat"));
    expect(wave("ServiceMonitor", "llm-chat")).toBeGreaterThan(wave("Rollout", "llm-chat"));
  });
});

describe("offline validation without the upstream CRDs", () => {
  it("checks Rollouts and AnalysisTemplates with @kubernetes-models/argo-rollouts", async () => {
    const registry = new SchemaRegistry([]);
    await registry.prepare(["argoproj.io/v1alpha1/Rollout", "argoproj.io/v1alpha1/AnalysisTemplate"]);
    const rollout = get("Rollout", NS, "llm-chat");
    const template = get("AnalysisTemplate", NS, "llm-chat");
    expect(registry.validatorFor("argoproj.io/v1alpha1", "Rollout")!(rollout)).toEqual([]);
    expect(registry.validatorFor("argoproj.io/v1alpha1", "AnalysisTemplate")!(template)).toEqual([]);
    const broken = structuredClone(rollout);
    broken.spec.strategy.canary.steps[0].setWeight = "ten";
    expect(registry.validatorFor("argoproj.io/v1alpha1", "Rollout")!(broken).map((e) => e.instancePath)).toEqual(["/spec/strategy/canary/steps/0/setWeight"]);
    // Argo CD's kinds of the same API group still validate with Argo CD's models.
    await registry.prepare(["argoproj.io/v1alpha1/AppProject"]);
    expect(registry.validatorFor("argoproj.io/v1alpha1", "AppProject")).toBeDefined();
  });
});

describeConformance("Argo Rollouts objects", () => {
  it.each(["Rollout", "AnalysisTemplate"].flatMap((kind) => [[NS, "llm-chat"], [NS, "churn-predictor"]].map(([ns, name]) => [kind, ns!, name!])))(
    "%s %s/%s validates against the upstream CRD",
    (kind, namespace, name) => {
      expect(crdErrors(get(kind, namespace, name))).toEqual([]);
    },
  );
});

const promtool = findPromtool();
describe.skipIf(!promtool && process.env.CI !== "true")("analysis queries under the real promtool", () => {
  const dir = mkdtempSync(join(tmpdir(), "gitops-forge-analysis-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The committed test file of a service's AnalysisTemplate, run against rules made from `template`. */
  function runTests(template: Any, service: string): { code: number; output: string } {
    const rules = { groups: [{ name: analysisGroupName(service), rules: template.spec.metrics.map((m: any) => analysisRule({ name: m.name, query: m.provider.prometheus.query, failureCondition: m.failureCondition })) }] };
    writeFileSync(join(dir, "analysistemplate.rules.yaml"), stringify(rules));
    const tests = readFileSync(join(REPO_ROOT, "generated/alert-tests/staging", template.metadata.namespace!, service, "analysistemplate.promtool-test.yaml"), "utf8");
    writeFileSync(join(dir, "tests.yaml"), tests);
    return runPromtool(promtool!, ["test", "rules", "tests.yaml"], dir);
  }
  const withThreshold = (template: Any, scale: number): Any => {
    const copy = structuredClone(template);
    for (const m of copy.spec.metrics) m.failureCondition = m.failureCondition.replace(/(\S+)$/, (t: string) => String(Number(t) * scale));
    return copy;
  };

  it.each([[NS, "llm-chat"], [NS, "churn-predictor"]])("%s/%s: each query fails on its failing series and passes on its healthy ones", (namespace, name) => {
    const template = get("AnalysisTemplate", namespace!, name!);
    expect(runTests(template, name!).code).toBe(0);
    // A threshold far looser lets the failing series pass, one far stricter fails the healthy series: promtool sees both.
    const loose = runTests(withThreshold(template, 1000), name!);
    expect(loose.code).not.toBe(0);
    expect(loose.output).toMatch(/fires \(1\)/);
    const strict = runTests(withThreshold(template, 0.001), name!);
    expect(strict.code).not.toBe(0);
    expect(strict.output).toMatch(/stays quiet \(1\)/);
  });
});

describe("a pause until promoted", () => {
  const repo = scratchRepo();
  afterAll(() => removeScratch(repo));
  const devWith = (extra: string) => writeFileSync(join(repo, "environments/dev.yaml"), VALID_DEV + extra);
  const canary = "    delivery: canary\n    canary:\n      steps:\n        - setWeight: 20\n        - pause: untilPromoted\n";

  it("is written where a person syncs (argocd.autoSync: false), whose Application then has no automated sync", () => {
    devWith(`${canary}argocd: { autoSync: false }\n`);
    const env = loadChartEnvironment(repo, "dev");
    const folders = synthesizeEnvironment(env);
    const rollout = [...folders.find((f) => f.folder === "dev")!.objects.values()].find((o) => o.kind === "Rollout") as Any;
    expect(rollout.spec.strategy.canary.steps).toEqual([{ setWeight: 20 }, { pause: {} }]);
    const application = [...folders.find((f) => f.folder === "argocd/dev")!.objects.values()].find((o) => o.kind === "Application") as Any;
    expect(application.spec.syncPolicy.automated).toBeUndefined();
  });

  it("is refused where Argo CD syncs automatically (the default), naming the step", () => {
    devWith(canary);
    expect(() => loadChartEnvironment(repo, "dev")).toThrow(/an indefinite pause waits for someone to promote the Rollout by hand/);
  });
});

describe("an analysis from SLOs written per severity", () => {
  const repo = scratchRepo();
  afterAll(() => removeScratch(repo));

  it("fails a new version at the critical thresholds of slo.errors and slo.latency (warning where only that is set)", () => {
    writeFileSync(join(repo, "environments/dev.yaml"), VALID_DEV + "    delivery: canary\n    canary: { steps: [{ setWeight: 20 }, { pause: 5m }] }\n");
    const svc = loadChartEnvironment(repo, "dev").services.find((s) => s.name === "llm-chat")!;
    const perSeverity = {
      ...svc,
      slo: {
        ...svc.slo,
        errorRatio: undefined,
        latencyP95Seconds: undefined,
        errors: { warning: { value: 0.02, for: "5m" }, critical: { value: 0.05, for: "5m" } },
        latency: [{ quantile: 0.95, warning: { value: 0.8, for: "5m" } }],
      },
    };
    expect(analysisChecks(perSeverity).map((c) => [c.name, c.fails, c.threshold])).toEqual([
      ["error-ratio", "above", 0.05],
      ["latency-p95", "above", 0.8],
    ]);
    // Another quantile or histogram is not the p95 the check queries.
    const p99 = { ...perSeverity, slo: { ...perSeverity.slo, latency: [{ quantile: 0.99, critical: { value: 2, for: "5m" } }] } };
    expect(analysisChecks(p99).map((c) => c.name)).toEqual(["error-ratio"]);
  });
});
