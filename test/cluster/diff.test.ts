import { afterEach, describe, expect, it } from "vitest";
import { prometheusRule } from "../loopback/kube/fixtures";
import { ENV, platformFiles, SERVICES, seedHealthyCluster, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => {
  expect(h.cluster.mutatingRequestsWithoutDryRun()).toEqual([]);
  await h.close();
});

const managed = (env: string) => ({ "app.kubernetes.io/managed-by": "gitops-forge", "gitops-forge.io/environment": env });

/** Everything generated is live (with the server's defaults and metadata added), apart from `skip`. */
function syncAll(harness: Harness, skip: (path: string) => boolean = () => false): void {
  seedHealthyCluster(harness.cluster);
  for (const f of platformFiles()) if (f.object.kind !== "Namespace" && !skip(f.path)) harness.cluster.add(structuredClone(f.object));
}

describe("cluster diff", () => {
  it("finds nothing to change when the live objects only add defaults, status and server metadata", async () => {
    h = await startHarness(platformFiles());
    syncAll(h);
    const report = JSON.parse((await h.run("diff", "--format", "json")).output);
    expect(report).toMatchObject({ objects: platformFiles().length, unchanged: platformFiles().length, changed: [], notLive: [], prune: [] });
  });

  it("reports drift field by field, matching containers by name and quantities by value", async () => {
    h = await startHarness(platformFiles());
    syncAll(h, (p) => p === "chat/llm-chat/deployment.yaml");
    const live = structuredClone(platformFiles().find((f) => f.path === "chat/llm-chat/deployment.yaml")!.object) as any;
    const container = live.spec.template.spec.containers[0];
    container.image = "registry.example.com/llm-chat:0.9.0";
    container.resources.requests.cpu = "1000m"; // the same quantity as "1"
    live.spec.replicas = 5; // the HorizontalPodAutoscaler's doing, not drift
    live.spec.template.spec.containers.push({ name: "debug-sidecar", image: "busybox" });
    h.cluster.add(live);
    const result = await h.run("diff", "--format", "json");
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.output);
    expect(report.changed).toEqual([
      {
        object: "Deployment/chat/llm-chat",
        file: `generated/${ENV}/chat/llm-chat/deployment.yaml`,
        changes: [
          { path: "spec.template.spec.containers[name=server].image", live: "registry.example.com/llm-chat:0.9.0", generated: "registry.example.com/llm-chat:1.0.0" },
          { path: "spec.template.spec.containers[name=debug-sidecar]", live: { name: "debug-sidecar", image: "busybox", imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" } },
        ],
      },
    ]);
    const human = (await h.run("diff")).output;
    expect(human).toContain('~ Deployment/chat/llm-chat (generated/prod/chat/llm-chat/deployment.yaml)\n    spec.template.spec.containers[name=server].image: "registry.example.com/llm-chat:0.9.0" -> "registry.example.com/llm-chat:1.0.0"\n');
  });

  it("lists objects not live yet and what Argo CD would prune, leaving other environments and unmanaged objects alone", async () => {
    h = await startHarness(platformFiles());
    syncAll(h, (p) => p === "search/embedder/poddisruptionbudget.yaml");
    h.cluster.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "old-prompts", namespace: "chat", labels: managed(ENV) }, data: { a: "b" } });
    h.cluster.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "staging-prompts", namespace: "chat", labels: managed("staging") } });
    h.cluster.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "hand-made", namespace: "chat" } });
    h.cluster.add({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "retired-model", namespace: "search", labels: managed(ENV) }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } } } });
    h.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "retired", labels: managed(ENV) } });
    const report = JSON.parse((await h.run("diff", "--format", "json")).output);
    expect(report.notLive).toEqual([{ object: "PodDisruptionBudget/search/embedder", file: `generated/${ENV}/search/embedder/poddisruptionbudget.yaml`, reason: "not created yet" }]);
    expect(report.prune).toEqual([{ object: "ConfigMap/chat/old-prompts" }, { object: "Deployment/search/retired-model" }, { object: "Namespace/retired" }]);
  });

  it("finds a generated object that exists without gitops-forge's labels and shows the labels as drift", async () => {
    h = await startHarness(platformFiles());
    syncAll(h, (p) => p === "search/embedder/service.yaml");
    const service = structuredClone(platformFiles().find((f) => f.path === "search/embedder/service.yaml")!.object) as any;
    service.metadata.labels = { app: "embedder" };
    h.cluster.add(service);
    const report = JSON.parse((await h.run("diff", "--format", "json")).output);
    expect(report.changed).toHaveLength(1);
    expect(report.changed[0].changes.map((c: { path: string }) => c.path)).toContain('metadata.labels["app.kubernetes.io/managed-by"]');
    const reads = h.cluster.log.filter((r) => r.method === "GET" && r.path === "/api/v1/namespaces/search/services/embedder");
    expect(reads).toHaveLength(1);
  });

  it("sends one listing per kind and reads only objects the listings did not return", async () => {
    h = await startHarness(platformFiles());
    syncAll(h, (p) => p.startsWith("chat/llm-chat/"));
    await h.run("diff");
    const gets = h.cluster.log.filter((r) => r.method === "GET");
    const discovery = gets.filter((r) => !r.query.labelSelector && (r.path === "/apis" || /^\/apis?\/[^/]+(\/[^/]+)?$/.test(r.path)) && !r.path.includes("namespaces"));
    const listings = gets.filter((r) => r.query.labelSelector === `app.kubernetes.io/managed-by=gitops-forge,gitops-forge.io/environment=${ENV}`);
    const reads = gets.filter((r) => !discovery.includes(r) && !listings.includes(r));
    expect(reads.map((r) => r.path).sort()).toEqual([
      "/api/v1/namespaces/chat/services/llm-chat",
      "/apis/apps/v1/namespaces/chat/deployments/llm-chat",
      "/apis/autoscaling/v2/namespaces/chat/horizontalpodautoscalers/llm-chat",
      "/apis/networking.k8s.io/v1/namespaces/chat/networkpolicies/llm-chat",
      "/apis/policy/v1/namespaces/chat/poddisruptionbudgets/llm-chat",
    ]);
    expect(listings.length).toBeLessThanOrEqual(16);
    expect(h.cluster.log.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("lists a custom resource the cluster cannot take yet as not live, with the reason", async () => {
    h = await startHarness([...platformFiles(), prometheusRule(ENV, SERVICES[1]!)]);
    syncAll(h);
    const report = JSON.parse((await h.run("diff", "--format", "json")).output);
    expect(report.notLive).toEqual([{ object: "PrometheusRule/chat/llm-chat", file: `generated/${ENV}/chat/llm-chat/prometheusrule.yaml`, reason: "the cluster does not serve monitoring.coreos.com/v1 PrometheusRule" }]);
  });

  it("keeps the Markdown short enough for a pull request body on a first deployment", async () => {
    const services = Array.from({ length: 60 }, (_, i) => ({ name: `model-${i}`, namespace: "search" }));
    h = await startHarness(platformFiles(services));
    seedHealthyCluster(h.cluster, services);
    const markdown = (await h.run("diff", "--format", "markdown")).output;
    expect(markdown.split("\n").filter((l) => l.startsWith("+ "))).toHaveLength(200);
    expect(markdown).toContain("  …and 103 more lines (see --format json)\n```\n");
    expect(markdown.length).toBeLessThan(65_536);
  });

  it("renders Markdown for a pull request body", async () => {
    h = await startHarness(platformFiles());
    syncAll(h, (p) => p === "search/embedder/service.yaml");
    const markdown = (await h.run("diff", "--format", "markdown")).output;
    expect(markdown).toBe(
      [
        "### Cluster diff: `prod` on context `loopback`",
        "",
        "18 generated objects: 17 unchanged, 0 changed, 1 not live, 0 to prune. Changed fields read live -> generated.",
        "",
        "```diff",
        "+ Service/search/embedder (generated/prod/search/embedder/service.yaml): not created yet",
        "```",
        "",
      ].join("\n"),
    );
  });
});

describe("fields a previous sync applied and the generated objects dropped", () => {
  /** Syncs everything but `file`, and returns a copy of its generated object to store as the live one. */
  async function withLiveVariantOf(file: string): Promise<any> {
    h = await startHarness(platformFiles());
    syncAll(h, (p) => p === file);
    return structuredClone(platformFiles().find((f) => f.path === file)!.object);
  }

  async function changedObjects(): Promise<Array<{ object: string; changes: unknown[] }>> {
    const report = JSON.parse((await h.run("diff", "--format", "json")).output);
    return report.changed.map((c: { object: string; changes: unknown[] }) => ({ object: c.object, changes: c.changes }));
  }

  it("reports them from the last-applied annotation (client-side apply)", async () => {
    const live = await withLiveVariantOf("chat/llm-chat/deployment.yaml");
    live.metadata.labels["gitops-forge.io/team"] = "search";
    live.spec.template.spec.containers[0].env = [{ name: "LOG_LEVEL", value: "debug" }];
    live.metadata.annotations = { "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(live) };
    h.cluster.add(live);
    const changes = [
      { path: 'metadata.labels["gitops-forge.io/team"]', live: "search" },
      { path: "spec.template.spec.containers[name=server].env", live: [{ name: "LOG_LEVEL", value: "debug" }] },
    ];
    expect(await changedObjects()).toEqual([{ object: "Deployment/chat/llm-chat", changes }]);
  });

  it("reports them from the managedFields of Argo CD's server-side apply, not from other managers", async () => {
    const live = await withLiveVariantOf("search/embedder/service.yaml");
    live.spec.ports.push({ name: "grpc", port: 9000 });
    live.spec.publishNotReadyAddresses = true;
    live.metadata.labels["mesh.example.com/injected"] = "true";
    const applied = { "f:spec": { "f:publishNotReadyAddresses": {}, "f:ports": { 'k:{"port":9000,"protocol":"TCP"}': { ".": {}, "f:name": {}, "f:port": {} } } } };
    live.metadata.managedFields = [
      { manager: "argocd-controller", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: applied },
      { manager: "mesh-injector", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": { "f:mesh.example.com/injected": {} } } } },
    ];
    h.cluster.add(live);
    const changes = [
      { path: "spec.ports[name=grpc]", live: { name: "grpc", port: 9000, protocol: "TCP" } },
      { path: "spec.publishNotReadyAddresses", live: true },
    ];
    expect(await changedObjects()).toEqual([{ object: "Service/search/embedder", changes }]);
  });
});
