/**
 * Hook Jobs and CronJobs: what the fields write, the order Argo CD applies
 * them in, the Kubernetes schema, and validate at production severity.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { errorsOf, synthesizePlatform, type Obj } from "./platform-environment";
import { kubernetesSchemaErrors } from "../helpers/kube-schema";

// Beside production's own migration Job and nightly dump (environments/production.yaml).
const PLATFORM = `jobs:
  search-reindex:
    namespace: ml-llm
    hook: PostSync
    deletePolicy: [HookSucceeded, HookFailed]
    ttlSecondsAfterFinished: 600
    image: { repository: ghcr.io/acme/search-indexer, digest: "sha256:${"a".repeat(64)}" }
    args: ["--rebuild"]
    resources: { cpu: "1", memory: 2Gi }
    secrets:
      - { file: /var/run/secrets/index/token, secret: index-writer, key: token }
    downwardEnv: { POD_NAME: metadata.name }
    securityContext: { runAsUser: 20001, runAsGroup: 20001, fsGroup: 20001 }
cronJobs:
  model-mirror:
    namespace: ml-llm
    schedule: "15 */6 * * *"
    timeZone: America/New_York
    concurrencyPolicy: Replace
    restartPolicy: OnFailure
    startingDeadlineSeconds: 300
    successfulJobsHistoryLimit: 1
    failedJobsHistoryLimit: 5
    image: { repository: ghcr.io/acme/model-mirror, tag: "0.4.2" }
    command: ["/mirror"]
    resources: { cpu: 200m, memory: 256Mi }
    dependencies:
      services: [embeddings]
      external:
        - { name: registry, cidr: 10.30.0.0/16, port: 443 }
    networkPolicy:
      egress:
        - to: [{ namespace: model-store, podSelector: { matchLabels: { app: minio } } }]
          ports: [{ port: 9000 }]
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const get = (kind: string, name: string): Obj => {
  const found = platform.find(kind, name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
};

describe("hook Jobs", () => {
  it("carry the Argo CD hook phase and delete policy, retries, deadline and TTL", () => {
    const migrate = get("Job", "churn-db-migrate");
    expect(migrate.metadata.annotations).toMatchObject({ "argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation" });
    expect(migrate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 900, ttlSecondsAfterFinished: 86400 });
    const reindex = get("Job", "search-reindex");
    expect(reindex.metadata.annotations).toMatchObject({ "argocd.argoproj.io/hook": "PostSync", "argocd.argoproj.io/hook-delete-policy": "HookSucceeded,HookFailed" });
    expect(reindex.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 600 });
  });

  it("run the pinned image with the container's variables, Secrets by reference and the restricted security context", () => {
    const pod = get("Job", "search-reindex").spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe(`ghcr.io/acme/search-indexer@sha256:${"a".repeat(64)}`);
    expect(container.args).toEqual(["--rebuild"]);
    expect(container.env).toEqual([{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }]);
    expect(container.volumeMounts).toContainEqual({ name: "secret-0", mountPath: "/var/run/secrets/index/token", subPath: "token", readOnly: true });
    expect(pod.volumes).toContainEqual({ name: "secret-0", secret: { secretName: "index-writer", defaultMode: 0o440, items: [{ key: "token", path: "token" }] } });
    expect(container.securityContext).toMatchObject({ runAsUser: 20001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(pod).toMatchObject({ restartPolicy: "Never", serviceAccountName: "search-reindex", automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, fsGroup: 20001 } });
    const migrate = get("Job", "churn-db-migrate").spec.template.spec.containers[0];
    expect(migrate.command).toEqual(["python", "-m", "churn.migrate", "upgrade", "head"]);
    expect(migrate.env).toEqual([
      { name: "DATABASE_PASSWORD", valueFrom: { secretKeyRef: { name: "churn-db", key: "password" } } },
      { name: "DATABASE_URL", value: "postgres://churn:$(DATABASE_PASSWORD)@features.db.internal:5432/features" },
    ]);
  });

  it("get their ServiceAccount and NetworkPolicy as hooks of the same phase, kept until the next sync", () => {
    for (const kind of ["ServiceAccount", "NetworkPolicy"]) {
      expect(get(kind, "churn-db-migrate").metadata.annotations).toMatchObject({ "argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation" });
    }
    const policy = get("NetworkPolicy", "churn-db-migrate");
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "churn-db-migrate", "app.kubernetes.io/instance": "platform-churn-db-migrate" } },
      policyTypes: ["Ingress", "Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "10.10.0.0/24" } }], ports: [{ protocol: "TCP", port: 5432 }] }],
    });
    // The pods carry the labels the policy selects.
    expect(get("Job", "churn-db-migrate").spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
    // Without egress, everything but DNS (the namespace's allow-dns) is denied.
    expect(get("NetworkPolicy", "search-reindex").spec.egress).toBeUndefined();
  });
});

/**
 * Argo CD's sync order (gitops-engine sync_tasks.go): phase, then sync wave,
 * then kind, then name; each wave is applied and healthy before the next.
 */
const PHASES = ["PreSync", "Sync", "PostSync"];
const KIND_ORDER = [
  "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
  "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
  "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod",
  "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "Ingress", "APIService",
];
function syncOrder(objects: Obj[]): Obj[] {
  const key = (o: Obj) => {
    const annotations = o.metadata.annotations ?? {};
    const kind = KIND_ORDER.indexOf(o.kind);
    return [PHASES.indexOf(annotations["argocd.argoproj.io/hook"] ?? "Sync"), Number(annotations["argocd.argoproj.io/sync-wave"] ?? 0), kind < 0 ? KIND_ORDER.length : kind] as const;
  };
  return [...objects].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
}

describe("Argo CD's order", () => {
  const position = (order: Obj[], kind: string, name: string) => order.findIndex((o) => o.kind === kind && o.metadata.name === name);

  it("runs the PreSync migration before any workload changes, after its own ServiceAccount and NetworkPolicy", () => {
    const order = syncOrder(platform.objects);
    const migrate = position(order, "Job", "churn-db-migrate");
    const deployments = order.flatMap((o, i) => (o.kind === "Deployment" ? [i] : []));
    expect(deployments.length).toBeGreaterThan(0);
    expect(migrate).toBeLessThan(Math.min(...deployments));
    expect(position(order, "NetworkPolicy", "churn-db-migrate")).toBeLessThan(migrate);
    expect(position(order, "ServiceAccount", "churn-db-migrate")).toBeLessThan(migrate);
    // A hook's wave orders it within its phase: its guard rails come first.
    expect(Number(get("NetworkPolicy", "churn-db-migrate").metadata.annotations!["argocd.argoproj.io/sync-wave"])).toBeLessThan(Number(get("Job", "churn-db-migrate").metadata.annotations!["argocd.argoproj.io/sync-wave"]));
  });

  it("runs the PostSync job after every workload", () => {
    const order = syncOrder(platform.objects);
    const reindex = position(order, "Job", "search-reindex");
    expect(reindex).toBeGreaterThan(Math.max(...order.flatMap((o, i) => (o.kind === "Deployment" ? [i] : []))));
  });

  it("applies a CronJob in the Sync phase, after its NetworkPolicy", () => {
    const order = syncOrder(platform.objects);
    expect(get("CronJob", "model-mirror").metadata.annotations?.["argocd.argoproj.io/hook"]).toBeUndefined();
    expect(position(order, "NetworkPolicy", "model-mirror")).toBeLessThan(position(order, "CronJob", "model-mirror"));
  });
});

describe("CronJobs", () => {
  it("write the schedule, time zone, concurrency, deadlines and history limits", () => {
    expect(get("CronJob", "model-mirror").spec).toMatchObject({
      schedule: "15 */6 * * *",
      timeZone: "America/New_York",
      concurrencyPolicy: "Replace",
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 5,
    });
  });

  it("default to Forbid, a starting deadline and no TTL (the history limits clean up)", () => {
    const dump = get("CronJob", "features-db-dump").spec;
    expect(dump).toMatchObject({ schedule: "30 2 * * *", timeZone: "Europe/Berlin", concurrencyPolicy: "Forbid", startingDeadlineSeconds: 600, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
    expect(dump.jobTemplate.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(dump.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 7200 });
  });

  it("reach the services they depend on, which admit them, and the peers of their networkPolicy", () => {
    const egress = get("NetworkPolicy", "model-mirror").spec.egress;
    const embeddings = { "app.kubernetes.io/name": "embeddings", "app.kubernetes.io/instance": "platform-embeddings" };
    expect(egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ml-llm" } }, podSelector: { matchLabels: embeddings } }], ports: [{ protocol: "TCP", port: 8080 }] },
      { to: [{ ipBlock: { cidr: "10.30.0.0/16" } }], ports: [{ protocol: "TCP", port: 443 }] },
      { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "model-store" } }, podSelector: { matchLabels: { app: "minio" } } }], ports: [{ protocol: "TCP", port: 9000 }] },
    ]);
    const mirrorPods = { "app.kubernetes.io/name": "model-mirror", "app.kubernetes.io/instance": "platform-model-mirror" };
    expect(get("NetworkPolicy", "embeddings").spec.ingress).toContainEqual({
      from: expect.arrayContaining([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ml-llm" } }, podSelector: { matchLabels: mirrorPods } }]),
      ports: [{ protocol: "TCP", port: "http" }],
    });
  });

  it("reach object storage with credentials from Secrets only by reference", () => {
    const pod = get("CronJob", "features-db-dump").spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: "backup-bucket-credentials" } }]);
    expect(pod.containers[0].env).toEqual([{ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "churn-db", key: "password" } } }]);
    expect(get("NetworkPolicy", "features-db-dump").spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: "52.218.0.0/17" } }], ports: [{ protocol: "TCP", port: 443 }] });
    const mirror = get("CronJob", "model-mirror").spec.jobTemplate.spec.template.spec;
    expect(mirror.restartPolicy).toBe("OnFailure");
  });
});

describe("offline checks", () => {
  it("every Job, CronJob and their NetworkPolicies and ServiceAccounts validate against the Kubernetes schema", async () => {
    const names = ["churn-db-migrate", "search-reindex", "features-db-dump", "model-mirror"];
    const batch = platform.objects.filter((o) => names.includes(o.metadata.name) && ["Job", "CronJob", "NetworkPolicy", "ServiceAccount"].includes(o.kind));
    expect(batch).toHaveLength(12);
    for (const object of batch) expect(await kubernetesSchemaErrors(object), `${object.kind}/${object.metadata.name}`).toBeUndefined();
  });

  it("the schema check rejects a malformed CronJob (so the check above can fail)", async () => {
    const broken = structuredClone(get("CronJob", "model-mirror"));
    broken.spec.startingDeadlineSeconds = "soon";
    expect(await kubernetesSchemaErrors(broken)).toMatch(/startingDeadlineSeconds/);
  });

  it("pass validate at production severity (job-ttl, cronjob-deadline, restart-policy among the policies)", () => {
    expect(errorsOf(platform.report)).toEqual([]);
    const batchFindings = platform.report.findings.filter((f) => ["job-ttl", "cronjob-deadline", "restart-policy", "workload-has-networkpolicy", "run-as-non-root", "read-only-root-filesystem"].includes(f.policy));
    expect(batchFindings).toEqual([]);
  });
});
