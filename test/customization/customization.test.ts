/**
 * What no typed field foresees: patches, extra manifests, the team's labels,
 * shared namespaces and KEDA, as users write them in an environment file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadChartEnvironment } from "../../charts/load-environment";
import { synthesizeEnvironment, type Manifest } from "../../scripts/lib/synth/pipeline";
import { runCommand, scratchRepo } from "../helpers/repo";
import { tempDir } from "../helpers/temp-dir";
import { VALID_DEV } from "../helpers/bad-environments";

/** A valid dev environment: its last service, llm-chat, is what appended lines extend. */
const DEV = VALID_DEV;

/** The folders synth would write for a dev environment with `extra` appended. */
function synthesized(extra: string, files: Record<string, string> = {}, dev = DEV) {
  const root = scratchRepo();
  writeFileSync(join(root, "environments/dev.yaml"), dev + extra);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, "environments", path, ".."), { recursive: true });
    writeFileSync(join(root, "environments", path), text);
  }
  const folders = synthesizeEnvironment(loadChartEnvironment(root, "dev"));
  const own = folders.find((f) => f.folder === "dev")!;
  const find = (kind: string, name: string): any => [...own.objects.values()].find((o) => o.kind === kind && o.metadata.name === name);
  return { root, folders, own, find };
}

describe("patches", () => {
  it("merge strategically: a container merges by name, an annotation is added, the rest stays", () => {
    const { find } = synthesized(`patches:
  - target: { kind: Deployment, name: llm-chat }
    reason: mesh opt-out
    strategic:
      spec:
        template:
          metadata: { annotations: { linkerd.io/inject: disabled } }
          spec:
            containers:
              - name: server
                env: [{ name: LOG_LEVEL, value: debug }]
`);
    const deployment = find("Deployment", "llm-chat")!;
    expect(deployment.spec.template.metadata.annotations["linkerd.io/inject"]).toBe("disabled");
    const containers = deployment.spec.template.spec.containers;
    expect(containers.map((c: { name: string }) => c.name)).toEqual(["server"]);
    expect(containers[0].image).toMatch(/llm/);
    expect(containers[0].env).toContainEqual({ name: "LOG_LEVEL", value: "debug" });
    expect(containers[0].env.length).toBeGreaterThan(1);
    expect(deployment.metadata.annotations["gitops-forge.io/patched-by"]).toBe("patches[0] (mesh opt-out)");
  });

  it("delete a list item with $patch: delete and a key with null (JSON merge) and apply RFC 6902 operations", () => {
    const { find } = synthesized(`patches:
  - target: { kind: Deployment, labelSelector: app.kubernetes.io/name=llm-chat }
    strategic:
      spec: { template: { spec: { volumes: [{ name: tmp, $patch: delete }] } } }
  - target: { kind: Service, name: "llm-*" }
    merge: { metadata: { annotations: { argocd.argoproj.io/sync-wave: null } } }
  - target: { kind: HorizontalPodAutoscaler, name: llm-chat }
    json:
      - { op: replace, path: /spec/maxReplicas, value: 7 }
      - { op: add, path: /metadata/labels/tier, value: gpu }
`);
    const volumes = find("Deployment", "llm-chat")!.spec.template.spec.volumes.map((v: { name: string }) => v.name);
    expect(volumes).not.toContain("tmp");
    expect(volumes.length).toBeGreaterThan(0);
    expect(find("Service", "llm-chat")!.metadata.annotations?.["argocd.argoproj.io/sync-wave"]).toBeUndefined();
    const hpa = find("HorizontalPodAutoscaler", "llm-chat")!;
    expect([hpa.spec.maxReplicas, hpa.metadata.labels.tier]).toEqual([7, "gpu"]);
  });

  it("are written to the files and byte-stable across runs", () => {
    const extra = `patches:\n  - target: { kind: Deployment, name: llm-chat }\n    merge: { spec: { minReadySeconds: 20 } }\n`;
    const a = synthesized(extra).own.files;
    const b = synthesized(extra).own.files;
    expect([...a]).toEqual([...b]);
    expect(parse(a.get("ml-dev/llm-chat/deployment.yaml")!).spec.minReadySeconds).toBe(20);
  });

  it("keep fields the typed constructs spell otherwise, and unknown ones for the schema policy to flag", () => {
    const { find } = synthesized(`patches:
  - target: { kind: Service, name: llm-chat }
    merge: { spec: { clusterIP: None, sessionAffinity: ClientIP, colour: blue } }
`);
    expect(find("Service", "llm-chat").spec).toMatchObject({ clusterIP: "None", sessionAffinity: "ClientIP", colour: "blue" });
  });

  it("change the monitoring objects built once per shape in the files too, and only the objects they select", () => {
    const { own } = synthesized(`monitoring: { dashboards: { enabled: true } }
patches:
  - target: { kind: PrometheusRule, name: llm-chat }
    json: [{ op: replace, path: /spec/groups/0/rules/0/for, value: 7m }]
  - target: { kind: ServiceMonitor, name: llm-chat }
    json: [{ op: replace, path: /spec/endpoints/0/interval, value: 7s }]
  - target: { kind: ConfigMap, name: dashboard-dev-llm-chat }
    merge: { data: { dashboard-dev-llm-chat.json: "{}" } }
`);
    const file = (path: string) => parse(own.files.get(path)!);
    expect(file("ml-dev/llm-chat/prometheusrule.yaml").spec.groups[0].rules[0].for).toBe("7m");
    expect(file("ml-dev/llm-chat/servicemonitor.yaml").spec.endpoints[0].interval).toBe("7s");
    expect(file("monitoring/_namespace/configmap-dashboard-dev-llm-chat.yaml").data).toEqual({ "dashboard-dev-llm-chat.json": "{}" });
    // The other services keep what their shapes say.
    expect(file("ml-dev/embeddings/prometheusrule.yaml").spec.groups[0].rules[0].for).not.toBe("7m");
    expect(file("ml-dev/embeddings/servicemonitor.yaml").spec.endpoints[0].interval).not.toBe("7s");
    expect(JSON.parse(file("monitoring/_namespace/configmap-dashboard-dev-embeddings.yaml").data["dashboard-dev-embeddings.json"]).panels.length).toBeGreaterThan(3);
  });

  it("may not rename an object or change its kind", () => {
    expect(() => synthesized(`patches:\n  - target: { kind: Service, name: llm-chat }\n    merge: { metadata: { name: other } }\n`)).toThrow(/may not rename Service\/llm-chat/);
    expect(() => synthesized(`patches:\n  - target: { kind: Service, name: llm-chat }\n    json: [{ op: replace, path: /kind, value: Pod }]\n`)).toThrow(/may not change kind/);
  });
});

describe("extra manifests", () => {
  const externalSecret = `  - apiVersion: external-secrets.io/v1
    kind: ExternalSecret
    metadata: { name: hf-token, namespace: ml-dev }
    spec: { secretStoreRef: { kind: ClusterSecretStore, name: vault }, target: { name: hf-token } }
`;

  it("are written beside the generated objects with the environment's labels and a sync wave before the workloads", () => {
    const { own, find } = synthesized(`manifests:\n${externalSecret}`);
    expect(own.files.has("ml-dev/_namespace/externalsecret-hf-token.yaml")).toBe(true);
    const secret = find("ExternalSecret", "hf-token")!;
    expect(secret.metadata.labels["gitops-forge.io/environment"]).toBe("dev");
    expect(Number(secret.metadata.annotations["argocd.argoproj.io/sync-wave"])).toBeLessThan(0);
  });

  it("come from files next to the environment, cluster-scoped ones under _cluster/, whitelisted in the AppProject", () => {
    const { own, folders } = synthesized("manifestFiles: [extra/platform.yaml]\n", {
      "extra/platform.yaml": `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: ml-serving-high }\nvalue: 100000\n---\n${externalSecret.replace(/^  - /, "").replace(/^    /gm, "")}`,
    });
    expect([...own.files.keys()].filter((p) => p.startsWith("_cluster/") || p.includes("externalsecret"))).toEqual(["_cluster/priorityclass-ml-serving-high.yaml", "ml-dev/_namespace/externalsecret-hf-token.yaml"]);
    const project = [...folders.find((f) => f.folder === "argocd/dev")!.objects.values()].find((o) => o.kind === "AppProject") as Manifest & { spec: any };
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: "scheduling.k8s.io", kind: "PriorityClass" });
    expect(project.spec.namespaceResourceWhitelist).toContainEqual({ group: "external-secrets.io", kind: "ExternalSecret" });
    expect(project.spec.namespaceResourceWhitelist).not.toContainEqual({ group: "scheduling.k8s.io", kind: "PriorityClass" });
  });

  it("name the file and line of a bad document in a manifest file", () => {
    expect(() => synthesized("manifestFiles: [extra/bad.yaml]\n", { "extra/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: elsewhere\n" })).toThrow(
      /^environments\/extra\/bad\.yaml:5:3 metadata\.namespace: namespace "elsewhere" is not one of the environment's namespaces/,
    );
  });

  it("are pruned when removed: synth rewrites the folder without them", () => {
    const root = scratchRepo();
    writeFileSync(join(root, "environments/dev.yaml"), DEV + `manifests:\n${externalSecret}`);
    expect(runCommand("synth", ["--env", "dev", "--no-validate"], { cwd: root }).code).toBe(0);
    const file = join(root, "generated/dev/ml-dev/_namespace/externalsecret-hf-token.yaml");
    expect(existsSync(file)).toBe(true);
    writeFileSync(join(root, "environments/dev.yaml"), DEV);
    expect(runCommand("synth", ["--env", "dev", "--no-validate"], { cwd: root }).code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});

describe("the team's labels and annotations", () => {
  it("land on every object and pod template beside the generated ones, which stay authoritative", () => {
    const { own, find } = synthesized(`    labels: { acme.example/tier: gpu }
    podAnnotations: { prometheus.io/scrape: "false" }
commonLabels: { acme.example/cost-center: ml }
commonAnnotations: { acme.example/owner: platform }
`);
    for (const object of own.objects.values()) {
      expect(object.metadata.labels?.["acme.example/cost-center"]).toBe("ml");
      expect(object.metadata.annotations?.["acme.example/owner"]).toBe("platform");
    }
    const deployment = find("Deployment", "llm-chat")!;
    expect(deployment.metadata.labels["acme.example/tier"]).toBe("gpu");
    expect(deployment.spec.template.metadata.labels["acme.example/cost-center"]).toBe("ml");
    expect(deployment.spec.template.metadata.annotations["prometheus.io/scrape"]).toBe("false");
    expect(deployment.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "llm-chat", "app.kubernetes.io/instance": "dev-llm-chat" });
  });
});

describe("shared namespaces", () => {
  it("get only the services' own objects and DNS egress for the environment's pods", () => {
    const { own } = synthesized("    namespace: team-data\n", {}, DEV.replace("namespaces:\n", "namespaces:\n  team-data:\n    owned: false\n"));
    expect([...own.files.keys()].filter((p) => p.startsWith("team-data/")).sort()).toContain("team-data/_namespace/networkpolicy-ml-serving-dev-allow-dns.yaml");
    expect([...own.files.keys()].some((p) => p === "team-data/namespace.yaml" || p.startsWith("team-data/_namespace/resourcequota"))).toBe(false);
  });
});

describe("KEDA", () => {
  const keda = (min: number, query = "sum(rate(http_requests_total[2m]))") => `    autoscaling: null
    keda:
      minReplicaCount: ${min}
      maxReplicaCount: 3
      triggers: [{ prometheus: { serverAddress: "http://prometheus:9090", query: '${query}', threshold: "5" } }]
`;

  it("scales a GPU service to zero in dev through a ScaledObject that owns the replica count", () => {
    const { find } = synthesized(keda(0));
    const scaled = find("ScaledObject", "llm-chat")!;
    expect(scaled.apiVersion).toBe("keda.sh/v1alpha1");
    expect(scaled.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 3, scaleTargetRef: { kind: "Deployment", name: "llm-chat" } });
    expect(scaled.spec.triggers[0]).toEqual({ type: "prometheus", metadata: { serverAddress: "http://prometheus:9090", query: "sum(rate(http_requests_total[2m]))", threshold: "5" } });
    expect(find("Deployment", "llm-chat")!.spec.replicas).toBeUndefined();
    expect(find("HorizontalPodAutoscaler", "llm-chat")).toBeUndefined();
  });

  it("refuses scale to zero in production and a query that is not PromQL, with their lines", () => {
    const production = DEV.replace("tier: development", "tier: production").replace("services:", "backup: { ttl: 720h }\nservices:");
    expect(() => synthesized(keda(0), {}, production)).toThrow(/dev\.yaml:\d+:\d+ services\.llm-chat\.keda\.minReplicaCount: production services do not scale to zero/);
    expect(() => synthesized(keda(1, "sum(rate(http_requests_total[2m])"))).toThrow(/dev\.yaml:\d+:\d+ services\.llm-chat\.keda\.triggers\.0\.prometheus\.query: invalid PromQL/);
  });
});

describe("rollout shape, Burstable QoS and pod identity", () => {
  it("override the GPU default of one pod at a time, leave limits out where asked, and serve downward-API variables", () => {
    const { find } = synthesized(`    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
    minReadySeconds: 30
    progressDeadlineSeconds: 1200
    resources: { cpu: "2", memory: 24Gi, cpuLimit: none }
    downwardEnv: { POD_IP: status.podIP, POD_NAME: metadata.name, MEMORY_LIMIT: limits.memory }
`);
    const deployment = find("Deployment", "llm-chat");
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect([deployment.spec.minReadySeconds, deployment.spec.progressDeadlineSeconds]).toEqual([30, 1200]);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.resources.limits.cpu).toBeUndefined();
    expect(container.resources.limits.memory).toBe("24Gi");
    expect(container.resources.requests.cpu).toBe("2");
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "MEMORY_LIMIT", valueFrom: { resourceFieldRef: { containerName: "server", resource: "limits.memory" } } },
      ]),
    );
  });

  it("keep today's rollout pace when unset: GPU one pod at a time, CPU a 25% surge", () => {
    const { find } = synthesized("");
    expect(find("Deployment", "llm-chat").spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(find("Deployment", "search").spec.strategy.rollingUpdate).toEqual({ maxSurge: "25%", maxUnavailable: 0 });
  });
});

describe("ports and protocols", () => {
  it("give a gRPC server appProtocol grpc, an Ingress that speaks gRPC to it, and a headless Service", () => {
    const { find } = synthesized(`    service:
      headless: true
      ports: [{ name: http, port: 50051, appProtocol: grpc }]
    ingress: { host: chat.dev.example }
`);
    const service = find("Service", "llm-chat");
    expect(service.spec.clusterIP).toBe("None");
    expect(service.spec.ports.find((p: { name: string }) => p.name === "http")).toMatchObject({ port: 50051, appProtocol: "grpc" });
    expect(find("Ingress", "llm-chat").metadata.annotations["nginx.ingress.kubernetes.io/backend-protocol"]).toBe("GRPC");
  });

  it("leave Services and Ingresses as they were when unset, and refuse an application protocol Kubernetes does not name", () => {
    const { find } = synthesized("    ingress: { host: chat.dev.example }\n");
    expect(find("Service", "llm-chat").spec.clusterIP).toBeUndefined();
    expect(find("Ingress", "llm-chat").metadata.annotations["nginx.ingress.kubernetes.io/backend-protocol"]).toBeUndefined();
    expect(() => synthesized("    service: { ports: [{ name: http, port: 80, appProtocol: thrift }] }\n")).toThrow(/dev\.yaml:\d+:\d+ services\.llm-chat\.service\.ports\.0\.appProtocol: must be one of "http", "https", "grpc"/);
  });
});

it("a manifest file outside environments/ is refused", () => {
  const dir = tempDir("manifest-");
  expect(() => synthesized(`manifestFiles: [../../${dir.split("/").pop()}/x.yaml]\n`)).toThrow(/leaves the environments\/ folder/);
  expect(readFileSync(join(scratchRepo(), "environments/base.yaml"), "utf8")).toContain("services:");
});
