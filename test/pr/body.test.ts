import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { UserError } from "../../environments/source/errors";
import { BodyRenderer, BODY_LIMIT } from "../../scripts/pr/body";
import { gitBlobSha, type FileMap } from "../../scripts/pr/changeset";
import { planChange, type BaseSnapshot } from "../../scripts/pr/plan";
import { chaosSchedule, merge, provenance, serviceFiles, veleroSchedule } from "./fixtures";
import { REPO_ROOT } from "../helpers/repo";

/** A base held in memory: blob ids computed the way git does. */
function memoryBase(files: FileMap): BaseSnapshot {
  return {
    commit: "base",
    blobs: new Map([...files].map(([p, t]) => [p, gitBlobSha(t)])),
    read: async (paths) => new Map(paths.map((p) => [p, files.get(p)!])),
  };
}

const within = (env: string, files: FileMap): FileMap => new Map([...files].map(([p, t]) => [`${env}/${p}`, t]));

async function review(before: FileMap, after: FileMap, env = "production", templatesDir?: string) {
  const plan = await planChange(within(env, after), memoryBase(within(env, before)), [{ name: env, production: env === "production" }]);
  if (!plan) throw new Error("expected a change");
  const rendered = new BodyRenderer(templatesDir).render({
    changes: plan.changes,
    summaries: plan.summaries,
    allowViolations: false,
    provenance: provenance("c".repeat(40)),
    target: { repository: "acme/ml-gitops", baseBranch: "main", branch: `gitops-forge/${env}` },
  });
  return { ...rendered, summary: plan.summaries[0]!, codes: plan.summaries[0]!.risks.map((r) => r.code).sort() };
}

const gpuService = { gpus: 2, replicas: 3, minReplicas: 4, maxReplicas: 10, cpu: "4", memory: "16Gi" };

describe("the PR body tells a reviewer what changes", () => {
  it("lists field-level facts for an image bump without raising a risk flag", async () => {
    const r = await review(serviceFiles("search"), serviceFiles("search", { image: "ghcr.io/acme/search:1.1.0" }));
    expect(r.body).toContain("| Deployment ml-serving/search | server image | ghcr.io/acme/search:1.0.0 | ghcr.io/acme/search:1.1.0 |");
    expect(r.codes).toEqual([]);
    expect(r.risk).toBe("low");
    expect(r.body).toContain("| changed | Deployment | ml-serving | search | production/ml-serving/search/deployment.yaml |");
  });

  it("lists an object an environment's patch changed, with the patch and its reason", async () => {
    const patched = new Map([...serviceFiles("search")].map(([path, text]) => {
      if (!path.endsWith("deployment.yaml")) return [path, text];
      const doc = parse(text);
      doc.metadata.annotations = { ...doc.metadata.annotations, "gitops-forge.io/patched-by": "patches[0] (mesh opt-out)" };
      doc.spec.template.metadata.annotations = { ...doc.spec.template.metadata.annotations, "linkerd.io/inject": "disabled" };
      return [path, stringify(doc)];
    }));
    const r = await review(serviceFiles("search"), patched);
    expect(r.body).toContain("| Deployment ml-serving/search | patched by | — | patches[0] (mesh opt-out) |");
    expect(r.body).toContain("linkerd.io/inject: disabled");
  });

  it("flags fewer production replicas and GPUs, and shows the capacity delta", async () => {
    const r = await review(serviceFiles("llm", gpuService), serviceFiles("llm", { ...gpuService, replicas: 2, minReplicas: 2, gpus: 1 }));
    expect(r.codes).toEqual(["gpu-reduced", "gpu-reduced", "replicas-reduced", "replicas-reduced"]);
    expect(r.risk).toBe("high");
    expect(r.title).toBe("gitops-forge: production (+0 ~2 -0) [high risk]");
    expect(r.body).toContain("| HorizontalPodAutoscaler ml-serving/llm | minReplicas | 4 | 2 |");
    expect(r.body).toContain("| Deployment ml-serving/llm | server nvidia.com/gpu request | 2 | 1 |");
    // GPUs: 4×2 → 2×1 at minimum, 10×2 → 10×1 at maximum; CPU 4 cores per pod; memory 16Gi per pod.
    expect(r.body).toContain("| GPUs | 8 → 2 (-6) | 20 → 10 (-10) |");
    expect(r.body).toContain("| production | all workloads | GPUs at min replicas drop from 8 to 2 in production |");
    expect(r.body).toContain("| CPU | 16 → 8 (-8) | 40 → 40 (±0) |");
    expect(r.body).toContain("| Memory | 64Gi → 32Gi (-32Gi) | 160Gi → 160Gi (±0) |");
  });

  it("does not flag fewer replicas outside production", async () => {
    const r = await review(serviceFiles("llm", gpuService), serviceFiles("llm", { ...gpuService, replicas: 2, minReplicas: 2, gpus: 1 }), "staging");
    expect(r.codes).toEqual([]);
    expect(r.risk).toBe("low");
  });

  it("flags a PodDisruptionBudget removed or loosened", async () => {
    const removed = await review(serviceFiles("search"), serviceFiles("search", { pdb: false }));
    expect(removed.codes).toEqual(["pdb-removed"]);
    expect(removed.body).toContain("| PodDisruptionBudget ml-serving/search | PodDisruptionBudget removed while its pods remain |");
    const loosened = await review(serviceFiles("search"), serviceFiles("search", { maxUnavailable: 2 }), "staging");
    expect(loosened.codes).toEqual(["pdb-loosened"]);
    expect(loosened.body).toContain("| staging | PodDisruptionBudget ml-serving/search | PodDisruptionBudget allows more disruption (maxUnavailable 1 → maxUnavailable 2) |");
    expect(loosened.risk).toBe("medium");
    expect((await review(serviceFiles("search", { maxUnavailable: 2 }), serviceFiles("search"))).codes).toEqual([]);
  });

  it("does not flag a PDB or NetworkPolicy removed together with the pods they selected", async () => {
    const r = await review(merge(serviceFiles("search"), serviceFiles("ranker")), serviceFiles("ranker"), "staging");
    expect(r.codes).toEqual([]);
    expect(r.body).toContain("| removed | PodDisruptionBudget | ml-serving | search |");
  });

  it("flags a NetworkPolicy that allows more, not one that allows less", async () => {
    const wider = await review(serviceFiles("search"), serviceFiles("search", { ingressFrom: ["ingress-nginx", "ml-batch"] }));
    expect(wider.codes).toEqual(["networkpolicy-widened"]);
    expect(wider.body).toContain("| NetworkPolicy ml-serving/search | ingress rule 2 | — | ns ml-batch · 8080/TCP |");
    expect((await review(serviceFiles("search", { ingressFrom: ["ingress-nginx", "ml-batch"] }), serviceFiles("search"))).codes).toEqual([]);
  });

  it("compares NetworkPolicies by what they allow: a removed peer is a narrowing, not a risk", async () => {
    const before = merge(serviceFiles("search", { callers: ["chat", "ranker"] }), serviceFiles("chat"), serviceFiles("ranker"));
    const after = merge(serviceFiles("search", { callers: ["ranker"] }), serviceFiles("chat"), serviceFiles("ranker"));
    const narrowed = await review(before, after);
    expect(narrowed.codes).toEqual([]);
    expect(narrowed.risk).toBe("low");
    expect(narrowed.summary.network).toMatchObject([{ workload: "Deployment ml-serving/search", direction: "ingress", change: "narrowed", policies: ["ml-serving/search"] }]);
    expect(narrowed.body).toContain("| narrowed | Deployment ml-serving/search | in from | ns ml-serving, pods app.kubernetes.io/name=chat | 8080/TCP | ml-serving/search |");
    const widened = await review(after, before);
    expect(widened.codes).toEqual(["networkpolicy-widened"]);
    expect(widened.risk).toBe("high");
    expect(widened.body).toContain("| production | NetworkPolicy ml-serving/search | ingress of search now also allows ns ml-serving, pods app.kubernetes.io/name=chat · 8080/TCP |");
    expect(widened.body).toContain("| widened | Deployment ml-serving/search | in from |");
  });

  it("counts a rule merged into a broader one as no widening, and a policy removed under a default deny as a narrowing", async () => {
    const denyAll = new Map([["ml-serving/_namespace/networkpolicy-default-deny.yaml", stringify({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace: "ml-serving" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } })]]);
    const two = serviceFiles("search", { callers: ["chat", "ranker"] });
    const any = new Map(two);
    const path = "ml-serving/search/networkpolicy.yaml";
    // One rule allowing every pod of the namespace covers the two it replaces.
    any.set(path, two.get(path)!.replace(/from:\n(\s+- podSelector:\n\s+matchLabels:\n\s+app\.kubernetes\.io\/name: \w+\n)+/, "from:\n        - podSelector: {}\n"));
    expect(any.get(path)).toContain("podSelector: {}");
    const broader = await review(merge(denyAll, two), merge(denyAll, any));
    expect(broader.summary.network.map((d) => d.change)).toEqual(["widened"]);
    expect(broader.codes).toEqual(["networkpolicy-widened"]);
    const merged = await review(merge(denyAll, any), merge(denyAll, two));
    expect(merged.codes).toEqual([]);
    const withoutPolicy = new Map(two);
    withoutPolicy.delete(path);
    const removed = await review(merge(denyAll, two), merge(denyAll, withoutPolicy));
    expect(removed.codes).toEqual([]);
    expect(removed.summary.network.every((d) => d.change === "narrowed")).toBe(true);
    // Without the default deny, the same removal leaves the pods open to everyone.
    expect((await review(two, withoutPolicy)).codes).toEqual(["networkpolicy-widened"]);
  });

  it("reads address blocks by what they enclose", async () => {
    const wide = serviceFiles("search", { external: ["10.20.0.0/16:6379"] });
    const narrow = serviceFiles("search", { external: ["10.20.3.0/24:6379"] });
    const narrowed = await review(wide, narrow);
    expect(narrowed.codes).toEqual([]);
    expect(narrowed.summary.network.map((d) => `${d.change} ${d.direction}`)).toEqual(["narrowed egress"]);
    const widened = await review(narrow, wide);
    expect(widened.codes).toEqual(["networkpolicy-widened"]);
    expect(widened.body).toContain("egress of search now also allows 10.20.0.0/16 · 6379/TCP");
    // Another block of the same size is both: new addresses reached, old ones no longer.
    const moved = await review(narrow, serviceFiles("search", { external: ["10.20.4.0/24:6379"] }));
    expect(moved.summary.network.map((d) => d.change).sort()).toEqual(["narrowed", "widened"]);
    expect(moved.codes).toEqual(["networkpolicy-widened"]);
  });

  it("flags a waiver added to a manifest", async () => {
    const after = new Map(serviceFiles("search"));
    const path = "ml-serving/search/deployment.yaml";
    after.set(path, after.get(path)!.replace("  labels:", "  annotations:\n    exempt.gitops-forge.io/pdb-required: legacy batch job\n  labels:"));
    const r = await review(serviceFiles("search"), after);
    expect(r.codes).toEqual(["waiver-added"]);
    expect(r.body).toContain("policy waiver added (exempt.gitops-forge.io/pdb-required)");
  });

  it("flags chaos experiments enabled in production only", async () => {
    expect((await review(chaosSchedule(true), chaosSchedule(false))).codes).toEqual(["chaos-enabled"]);
    expect((await review(chaosSchedule(true), chaosSchedule(false), "staging")).codes).toEqual([]);
    expect((await review(new Map(), chaosSchedule(false))).codes).toEqual(["chaos-enabled"]);
  });

  it("flags backup retention shortened or a backup schedule removed", async () => {
    const shorter = await review(veleroSchedule("720h0m0s"), veleroSchedule("168h"));
    expect(shorter.codes).toEqual(["backup-retention-shortened"]);
    expect(shorter.body).toContain("| Schedule velero/hourly | backup retention | 720h0m0s | 168h |");
    expect((await review(veleroSchedule("168h"), veleroSchedule("720h"))).codes).toEqual([]);
    expect((await review(merge(veleroSchedule("720h"), serviceFiles("search")), serviceFiles("search"))).codes).toEqual(["backup-retention-shortened"]);
  });

  it("shows alert thresholds and autoscaling targets", async () => {
    const rule = (threshold: string, forDuration: string) => new Map([["ml-serving/search/prometheusrule.yaml", stringify({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "search", namespace: "ml-serving" },
      spec: { groups: [{ name: "slo", rules: [{ alert: "SearchErrorBudgetBurn", expr: `slo:error_ratio:rate5m{service="search"} > ${threshold}`, for: forDuration }] }] },
    })]]);
    const alerts = await review(rule("0.05", "5m"), rule("0.1", "15m"));
    expect(alerts.body).toContain('| PrometheusRule ml-serving/search | alert SearchErrorBudgetBurn | slo:error_ratio:rate5m{service="search"} &gt; 0.05 | slo:error_ratio:rate5m{service="search"} &gt; 0.1 |');
    expect(alerts.body).toContain("| PrometheusRule ml-serving/search | alert SearchErrorBudgetBurn for | 5m | 15m |");
    const hpa = (utilization: number) => {
      const files = serviceFiles("search");
      const path = "ml-serving/search/horizontalpodautoscaler.yaml";
      files.set(path, files.get(path)!.replace("maxReplicas: 6", `maxReplicas: 6\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: ${utilization}`));
      return files;
    };
    expect((await review(hpa(70), hpa(50))).body).toContain("| HorizontalPodAutoscaler ml-serving/search | target cpu | 70% | 50% |");
  });

  it("escapes table cells and keeps code fences closed", async () => {
    const r = await review(serviceFiles("search"), serviceFiles("search", { image: "registry|evil:<b>1</b>" }));
    expect(r.body).toContain("| registry\\|evil:&lt;b&gt;1&lt;/b&gt; |");
    const fenced = new Map([["ml-serving/docs/configmap.yaml", stringify({ kind: "ConfigMap", metadata: { name: "docs", namespace: "ml-serving" }, data: { readme: "```\nnot the end\n```" } })]]);
    const body = (await review(new Map(), fenced)).body;
    expect(body).toContain("````diff\n");
  });

  it("never shows a Secret's content", async () => {
    const secret = (value: string) => new Map([["ml-serving/search/secret.yaml", stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "search", namespace: "ml-serving" }, data: { token: value } })]]);
    const r = await review(secret("c2VjcmV0LW9uZQ=="), secret("c2VjcmV0LXR3bw=="));
    expect(r.body).toContain("(Secret content is not shown)");
    expect(r.body).not.toContain("c2VjcmV0");
  });

  it("stays under GitHub's body limit by cutting the diff, with a notice", async () => {
    const big = (tag: string) => {
      const files: FileMap = new Map();
      for (let i = 0; i < 60; i++) files.set(`ml-serving/svc-${i}/configmap.yaml`, stringify({ kind: "ConfigMap", metadata: { name: `svc-${i}`, namespace: "ml-serving" }, data: { blob: `${tag}-${"x".repeat(3000)}` } }));
      return files;
    };
    const r = await review(big("a"), big("b"));
    expect(r.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const shown = r.body.match(/<details><summary>changed <code>/g)!.length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(60);
    expect(r.body).toContain(`Diff truncated: ${shown} of 60 file(s) shown`);
    expect(r.body.match(/\| changed \| ConfigMap \|/g)).toHaveLength(60);
    expect(r.body.trimEnd().endsWith("-->")).toBe(true);
  });

  it("stays under the limit for thousands of files by shortening the tables too", async () => {
    const many = (tag: string) => new Map(Array.from({ length: 3000 }, (_, i) => [`ml-serving/svc-${i}/configmap.yaml`, stringify({ kind: "ConfigMap", metadata: { name: `svc-${i}`, namespace: "ml-serving" }, data: { v: tag } })]));
    const r = await review(many("a"), many("b"));
    expect(r.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(r.body).toMatch(/\d+ more file\(s\) not listed/);
    expect(r.body).not.toContain("Body truncated");
    expect(r.body).toContain("source-commit=" + "c".repeat(40));
  });

  it("stays under the limit when thousands of resources raise flags", async () => {
    const pdbs = new Map(Array.from({ length: 2000 }, (_, i) => [`ml-serving/svc-${i}/poddisruptionbudget.yaml`, stringify({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: `svc-${i}`, namespace: "ml-serving" }, spec: { maxUnavailable: 1 } })]));
    // Their pods stay (an empty PDB selector selects every pod of the namespace).
    const r = await review(merge(pdbs, serviceFiles("keeper", { pdb: false })), serviceFiles("keeper", { pdb: false }));
    expect(r.codes).toHaveLength(2000);
    expect(r.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(r.body).toMatch(/\| … \| \| \d+ more flag\(s\) not listed \|/);
    expect(r.body).not.toContain("Body truncated");
    expect(r.body).toMatch(/\| … \| \| \| \| \d+ more file\(s\) not listed \|/);
  });

  it("refuses an override template that does not parse, naming file and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "pr-templates-"));
    try {
      writeFileSync(join(dir, "environment.hbs"), "### {{name}}\n\n{{#each resources}}\n| {{kind}} |\n");
      let err: unknown;
      try {
        new BodyRenderer(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(new RegExp(`^${join(dir, "environment.hbs")}:\\d+: template does not parse: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses templates from the repository over the built-in ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pr-templates-"));
    try {
      writeFileSync(join(dir, "title.hbs"), "Deploy {{#each environments}}{{name}}{{/each}} ({{risk.level}})");
      writeFileSync(join(dir, "provenance.hbs"), "Built from {{provenance.commit}}\n");
      const r = await review(serviceFiles("search"), serviceFiles("search", { image: "ghcr.io/acme/search:1.1.0" }), "production", dir);
      expect(r.title).toBe("Deploy production (low)");
      expect(r.body).toContain(`Built from ${"c".repeat(40)}`);
      expect(r.body).not.toContain("### Provenance");
      expect(r.body).toContain("| Deployment ml-serving/search | server image |");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the PR body of a version change shipped by an Argo Rollout", () => {
  /** A service folder of the committed sample output (staging's canary and blue-green), keyed as review() expects. */
  const sampleFolder = (folder: string): FileMap => {
    const dir = join("generated/staging", folder);
    return new Map(readdirSync(dir).sort().map((file) => [`${folder}/${file}`, readFileSync(join(dir, file), "utf8")]));
  };
  const edit = (files: FileMap, file: string, change: (doc: any) => void): FileMap =>
    new Map([...files].map(([path, text]) => {
      if (!path.endsWith(`/${file}`)) return [path, text];
      const doc = parse(text);
      change(doc);
      return [path, stringify(doc)];
    }));
  const bump = (files: FileMap, tag: string) => edit(files, "rollout.yaml", (doc) => {
    const c = doc.spec.template.spec.containers[0];
    c.image = c.image.replace(/:[^:@]+$/, `:${tag}`);
  });

  it("shows the canary's plan (weights, pauses, traffic routing, analysis thresholds) instead of the image change", async () => {
    const before = sampleFolder("ml-serving-staging/llm-chat");
    const r = await review(before, bump(before, "2.4.0"));
    expect(r.body).toContain(
      "| Rollout ml-serving-staging/llm-chat | rollout plan | ghcr.io/acme/llm-chat-server:2.3.1 | ghcr.io/acme/llm-chat-server:2.4.0 by canary: 10% → pause 10m → 25% → pause 10m → 50% → pause 15m → 100%; " +
        "traffic through NGINX (Ingress llm-chat); analysis in the background: error-ratio fails above 0.01, latency-p95 fails above 6, gpu-memory fails above 0.95 |",
    );
    expect(r.body).not.toContain("server image");
    expect(r.codes).toEqual([]);
  });

  it("shows the blue-green plan: preview Service, promotion, analysis before promotion, scale-down delay", async () => {
    const before = sampleFolder("ml-serving-staging/churn-predictor");
    const r = await review(before, bump(before, "2026.12.1"));
    expect(r.body).toContain(
      "by blue-green: preview churn-predictor-green with all replica(s), promoted automatically; analysis before promotion: error-ratio fails above 0.01, latency-p95 fails above 0.25; old version kept 300s after the switch |",
    );
  });

  it("flags a production rollout without analysis and a step that jumps straight to 100%", async () => {
    const before = sampleFolder("ml-serving-staging/llm-chat");
    const risky = edit(bump(before, "2.4.0"), "rollout.yaml", (doc) => {
      delete doc.spec.strategy.canary.analysis;
      doc.spec.strategy.canary.steps = [{ setWeight: 10 }, { pause: { duration: "5m" } }, { setWeight: 100 }];
    });
    const r = await review(before, risky);
    expect(r.codes).toEqual(["rollout-jumps-to-100", "rollout-without-analysis"]);
    expect(r.risk).toBe("high");
    expect(r.body).toContain("canary: 10% → pause 5m → 100% → 100%; traffic through NGINX (Ingress llm-chat); no analysis");
    expect(r.body).toContain("a canary step moves from 10% straight to 100% of the traffic");
    // Outside production a rollout without analysis is the team's choice; the jump is still flagged.
    expect((await review(before, risky, "staging")).codes).toEqual(["rollout-jumps-to-100"]);
  });
});

describe("the PR body shows a model's source and version like an image", () => {
  /** search's files with its model pulled from `uri` (pinned at `version`) by an init container, as synth writes it. */
  const withModel = (uri: string, version: string) =>
    new Map([...serviceFiles("search")].map(([path, text]) => {
      if (!path.endsWith("deployment.yaml")) return [path, text];
      const doc = parse(text);
      doc.spec.template.metadata.annotations = { "gitops-forge.io/model-uri": uri, "gitops-forge.io/model-version": version };
      doc.spec.template.spec.initContainers = [{ name: "model-puller", image: "rclone/rclone:1.68.2", command: ["rclone", "copy", `:s3:${uri.slice(5)}`, "/models"] }];
      return [path, stringify(doc)];
    }));

  it("lists a model version bump with the URI before and after", async () => {
    const r = await review(withModel("s3://acme-models/search/4.0.0", "4.0.0"), withModel("s3://acme-models/search/4.1.0", "4.1.0"));
    expect(r.body).toContain("| Deployment ml-serving/search | model | s3://acme-models/search/4.0.0 | s3://acme-models/search/4.1.0 |");
    expect(r.body).toContain("| Deployment ml-serving/search | model version | 4.0.0 | 4.1.0 |");
  });

  it("lists a model added to a service, with the image of its puller", async () => {
    const r = await review(serviceFiles("search"), withModel("s3://acme-models/search/4.0.0", "4.0.0"));
    expect(r.body).toContain("| Deployment ml-serving/search | model | — | s3://acme-models/search/4.0.0 |");
    expect(r.body).toContain("| Deployment ml-serving/search | model-puller image | — | rclone/rclone:1.68.2 |");
  });

  it("names a model volume's claim and a claim's size, class and access modes", async () => {
    const claim = (size: string) => stringify({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "search-model", namespace: "ml-serving" }, spec: { accessModes: ["ReadOnlyMany"], storageClassName: "efs-sc", resources: { requests: { storage: size } } } });
    const mounted = (size: string) => {
      const files = new Map([...serviceFiles("search")].map(([path, text]) => {
        if (!path.endsWith("deployment.yaml")) return [path, text];
        const doc = parse(text);
        doc.spec.template.spec.volumes = [{ name: "model", persistentVolumeClaim: { claimName: "search-model", readOnly: true } }];
        return [path, stringify(doc)];
      }));
      return files.set("ml-serving/search/persistentvolumeclaim-search-model.yaml", claim(size));
    };
    const r = await review(serviceFiles("search"), mounted("50Gi"));
    expect(r.body).toContain("| Deployment ml-serving/search | model | — | PersistentVolumeClaim search-model |");
    expect(r.body).toContain("| PersistentVolumeClaim ml-serving/search-model | accessModes | — | ReadOnlyMany |");
    const grown = await review(mounted("50Gi"), mounted("80Gi"));
    expect(grown.body).toContain("| PersistentVolumeClaim ml-serving/search-model | storage | 50Gi | 80Gi |");
  });
});

describe("the PR body on StatefulSets", () => {
  const statefulSet = (size: string, storageClass?: string) => {
    const doc = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "mlflow", namespace: "ml-serving" },
      spec: {
        replicas: 1,
        serviceName: "mlflow-headless",
        selector: { matchLabels: { "app.kubernetes.io/name": "mlflow" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "mlflow" } },
          spec: { containers: [{ name: "server", image: "ghcr.io/mlflow/mlflow:v2.16.2", resources: { requests: { cpu: "500m", memory: "2Gi" } } }] },
        },
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], ...(storageClass ? { storageClassName: storageClass } : {}), resources: { requests: { storage: size } } } }],
      },
    };
    return new Map([["ml-serving/mlflow/statefulset.yaml", stringify(doc)]]);
  };

  it("shows a new StatefulSet's volume size, storage class and access modes", async () => {
    const r = await review(new Map(), statefulSet("20Gi", "standard-rwo"), "staging");
    expect(r.body).toContain("| StatefulSet ml-serving/mlflow | volume data size | — | 20Gi |");
    expect(r.body).toContain("| StatefulSet ml-serving/mlflow | volume data storage class | — | standard-rwo |");
    expect(r.body).toContain("| StatefulSet ml-serving/mlflow | volume data access modes | — | ReadWriteOnce |");
    expect(r.codes).toEqual([]);
  });

  it("flags a change the API server refuses on an existing StatefulSet (its claim templates)", async () => {
    const r = await review(statefulSet("20Gi"), statefulSet("50Gi"), "staging");
    expect(r.body).toContain("| StatefulSet ml-serving/mlflow | volume data size | 20Gi | 50Gi |");
    expect(r.codes).toEqual(["statefulset-fields-fixed"]);
    expect(r.body).toContain("volumeClaimTemplates of an existing StatefulSet cannot change: the API server refuses the update");
    // A new pod template (an image bump, more replicas) is an ordinary rolling update.
    const bump = statefulSet("20Gi");
    const path = "ml-serving/mlflow/statefulset.yaml";
    bump.set(path, bump.get(path)!.replace("v2.16.2", "v2.17.0").replace("replicas: 1", "replicas: 2"));
    expect((await review(statefulSet("20Gi"), bump, "staging")).codes).toEqual([]);
  });
});

describe("the PR body reads a Rollout's pods as a Deployment's", () => {
  /** Staging's llm-chat, delivered by an Argo Rollout canary, as synth wrote it. */
  const rolloutFiles = (): FileMap => {
    const dir = join(REPO_ROOT, "generated/staging/ml-serving-staging/llm-chat");
    return new Map(readdirSync(dir).map((file) => [`ml-serving-staging/llm-chat/${file}`, readFileSync(join(dir, file), "utf8")]));
  };

  it("names the Rollout in the network table when its NetworkPolicy widens, and flags it", async () => {
    const before = rolloutFiles();
    const after = new Map([...before].map(([path, text]) => [path, path.endsWith("networkpolicy.yaml") ? text.replace("port: 6379", "port: 6380") : text]));
    const r = await review(before, after, "staging");
    expect(r.codes).toContain("networkpolicy-widened");
    expect(r.body).toMatch(/\| widened \| Rollout ml-serving-staging\/llm-chat \| out to \|[^|]*\| 6380\/TCP \|/);
  });
});

describe("the PR body shows hook Jobs and CronJobs", () => {
  /** The sample production environment's migration Job and nightly dump, as synth wrote them. */
  const batchFiles = (): FileMap => {
    const files: FileMap = new Map();
    for (const folder of ["churn-db-migrate", "features-db-dump"]) {
      const dir = join(REPO_ROOT, "generated/production/ml-serving", folder);
      for (const file of readdirSync(dir)) files.set(`ml-serving/${folder}/${file}`, readFileSync(join(dir, file), "utf8"));
    }
    return files;
  };

  it("lists the hook phase, delete policy, schedule, deadlines and history of new ones, and their egress", async () => {
    const r = await review(new Map(), batchFiles());
    for (const row of [
      "| Job ml-serving/churn-db-migrate | hook phase | — | PreSync |",
      "| Job ml-serving/churn-db-migrate | hook delete policy | — | BeforeHookCreation |",
      "| Job ml-serving/churn-db-migrate | activeDeadlineSeconds | — | 900 |",
      "| Job ml-serving/churn-db-migrate | ttlSecondsAfterFinished | — | 86400 |",
      "| Job ml-serving/churn-db-migrate | churn-db-migrate image | — | ghcr.io/acme/churn-predictor:2026.11.2 |",
      "| CronJob ml-serving/features-db-dump | schedule | — | 30 2 * * * (Europe/Berlin) |",
      "| CronJob ml-serving/features-db-dump | concurrencyPolicy | — | Forbid |",
      "| CronJob ml-serving/features-db-dump | startingDeadlineSeconds | — | 600 |",
      "| CronJob ml-serving/features-db-dump | history kept (succeeded, failed) | — | 3, 3 |",
      "| CronJob ml-serving/features-db-dump | activeDeadlineSeconds | — | 7200 |",
    ]) expect(r.body, row).toContain(row);
  });

  it("shows a schedule change before and after, and new egress as a widening", async () => {
    const before = batchFiles();
    const after = new Map([...before].map(([path, text]) => {
      if (path.endsWith("features-db-dump/cronjob.yaml")) return [path, text.replace('schedule: "30 2 * * *"', 'schedule: "0 4 * * *"')];
      if (path.endsWith("features-db-dump/networkpolicy.yaml")) return [path, text.replace("port: 5432", "port: 6432")];
      return [path, text];
    }));
    const r = await review(before, after);
    expect(r.body).toMatch(/\| widened \| CronJob ml-serving\/features-db-dump \| out to \| [^|]*10\.10\.0\.0\/24[^|]* \| 6432\/TCP \|/);
    expect(r.body).toContain("| CronJob ml-serving/features-db-dump | schedule | 30 2 * * * (Europe/Berlin) | 0 4 * * * (Europe/Berlin) |");
  });
});
