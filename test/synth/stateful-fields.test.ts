/**
 * StatefulSets (docs/stateful.md): the fields reach the manifests, the objects
 * around a StatefulSet (governing Service, HPA, PDB, NetworkPolicy,
 * ServiceMonitor) point at it, the result passes validate at production
 * severity (the Kubernetes schema included), and Velero covers the volumes by
 * snapshot or by file-system backup, its Schedules valid for the upstream CRD.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { crdErrors } from "../helpers/crds";
import { describeConformance } from "../helpers/upstream-crds";
import { kubernetesSchemaErrors } from "../helpers/kube-schema";
import { errorsOf, synthesizePlatform } from "./platform-environment";

const SERVICES = `services:
  redis:
    namespace: ml-serving
    component: cache
    image: { repository: docker.io/bitnami/redis-cluster, tag: 7.4.1 }
    port: 6379
    metricsPort: 9121
    ports: [{ name: cluster-bus, containerPort: 16379 }]
    resources: { cpu: "1", memory: 4Gi, ephemeralStorage: 1Gi }
    replicas: 6
    probes:
      startup: { tcpSocket: { port: http } }
      readiness: { exec: { command: [redis-cli, ping] } }
      liveness: { tcpSocket: { port: http } }
    stateful:
      podManagementPolicy: Parallel
      partition: 3
      volumes:
        - { name: data, mountPath: /bitnami/redis/data, size: 20Gi, storageClass: fast-ssd }
  model-store:
    namespace: ml-serving
    image: { repository: ghcr.io/acme/model-store, tag: "1.2.0" }
    resources: { cpu: "1", memory: 2Gi }
    autoscaling: { minReplicas: 2, maxReplicas: 4 }
    stateful:
      volumes:
        - { name: models, mountPath: /var/lib/models, size: 500Gi, accessModes: [ReadWriteOncePod] }
`;

type Platform = Awaited<ReturnType<typeof synthesizePlatform>>;
let snapshots: Platform;
let fileSystem: Platform;
beforeAll(async () => {
  snapshots = await synthesizePlatform(`backup: { volumeSnapshotLocations: [default, eu-west-1] }\n${SERVICES}`);
  fileSystem = await synthesizePlatform(`backup: { snapshotVolumes: false }\n${SERVICES}`);
});

describe("StatefulSet fields", () => {
  it("writes a StatefulSet with its claims, governing Service, pod management and partitioned update", () => {
    const sts = snapshots.find("StatefulSet", "redis")!;
    expect(snapshots.find("Deployment", "redis")).toBeUndefined();
    expect(sts.spec).toMatchObject({
      replicas: 6,
      serviceName: "redis-headless",
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 3 } },
      revisionHistoryLimit: 5,
    });
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: "data", labels: sts.spec.selector.matchLabels },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast-ssd", resources: { requests: { storage: "20Gi" } } },
      },
    ]);
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/bitnami/redis/data" });
    // Spread per revision with the label a StatefulSet's pods carry.
    expect(sts.spec.template.spec.topologySpreadConstraints.map((c: { matchLabelKeys: string[] }) => c.matchLabelKeys)).toEqual([["controller-revision-hash"], ["controller-revision-hash"]]);
    // Applied with the workloads, after the guard rails.
    expect(sts.metadata.annotations?.["argocd.argoproj.io/sync-wave"]).toBe("0");
  });

  it("governs the pods with a headless Service that publishes them before they are ready and offers nothing to scrape", () => {
    const sts = snapshots.find("StatefulSet", "redis")!;
    const governing = snapshots.find("Service", "redis-headless")!;
    expect(governing.spec).toEqual({ clusterIP: "None", publishNotReadyAddresses: true, selector: sts.spec.selector.matchLabels });
    // The ServiceMonitor selects both Services by label, and scrapes only the named metrics port, which the headless one lacks.
    const monitor = snapshots.find("ServiceMonitor", "redis")!;
    expect(monitor.spec.selector.matchLabels).toEqual(sts.spec.selector.matchLabels);
    expect(monitor.spec.endpoints.map((e: { port: string }) => e.port)).toEqual(["metrics"]);
    expect(snapshots.find("Service", "redis")!.spec.ports.map((p: { name: string }) => p.name)).toContain("metrics");
  });

  it("lets the autoscaler own an autoscaled StatefulSet's replicas, and points the HPA at the StatefulSet", () => {
    const sts = snapshots.find("StatefulSet", "model-store")!;
    expect(sts.spec.replicas).toBeUndefined();
    expect(sts.spec.podManagementPolicy).toBe("OrderedReady");
    expect(sts.spec.updateStrategy).toEqual({ type: "RollingUpdate" });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ["ReadWriteOncePod"], resources: { requests: { storage: "500Gi" } } });
    expect(snapshots.find("HorizontalPodAutoscaler", "model-store")!.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "model-store" });
  });

  it("gives a StatefulSet the hardening, PDB and NetworkPolicy of a Deployment, and lets its peers reach each other", () => {
    const sts = snapshots.find("StatefulSet", "redis")!;
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(snapshots.find("PodDisruptionBudget", "redis")!.spec.selector.matchLabels).toEqual(sts.spec.selector.matchLabels);
    const policy = snapshots.find("NetworkPolicy", "redis")!.spec;
    const peers = [{ podSelector: { matchLabels: sts.spec.selector.matchLabels } }];
    const ports = [6379, 9121, 16379].map((port) => ({ protocol: "TCP", port }));
    expect(policy.ingress).toContainEqual({ from: peers, ports });
    expect(policy.egress).toContainEqual({ to: peers, ports });
  });

  it("passes validate at production severity, the Kubernetes schema and the StatefulSet policies included", async () => {
    for (const platform of [snapshots, fileSystem]) {
      expect(errorsOf(platform.report)).toEqual([]);
      expect(platform.report.unvalidated).not.toContainEqual(expect.objectContaining({ kind: "StatefulSet" }));
    }
    for (const name of ["redis", "model-store"]) expect(await kubernetesSchemaErrors(snapshots.find("StatefulSet", name)!)).toBeUndefined();
    expect(await kubernetesSchemaErrors(snapshots.find("Service", "redis-headless")!)).toBeUndefined();
  });

  it("backs the volumes up as the environment says: snapshots, or file-system backup of every pod volume", () => {
    const template = (p: Platform) => p.objects.filter((o) => o.kind === "Schedule" && o.apiVersion === "velero.io/v1").map((o) => o.spec.template);
    expect(template(snapshots).every((t) => t.snapshotVolumes === true && t.includedNamespaces.includes("ml-serving"))).toBe(true);
    expect(template(snapshots).map((t) => t.volumeSnapshotLocations)).toEqual([["default", "eu-west-1"], ["default", "eu-west-1"]]);
    expect(template(fileSystem).every((t) => t.volumeSnapshotLocations === undefined)).toBe(true);
    expect(template(fileSystem).every((t) => t.snapshotVolumes === false && t.defaultVolumesToFsBackup === true)).toBe(true);
    for (const p of [snapshots, fileSystem]) expect(p.report.findings.filter((f) => f.policy === "velero-covers-volumes")).toEqual([]);
  });
});

describeConformance("Velero Schedules covering StatefulSet volumes", () => {
  it("validate against the upstream Velero CRD (strict fields)", () => {
    const schedules = [snapshots, fileSystem].flatMap((p) => p.objects.filter((o) => o.kind === "Schedule" && o.apiVersion === "velero.io/v1"));
    expect(schedules.length).toBeGreaterThan(0);
    for (const schedule of schedules) expect(crdErrors(schedule)).toEqual([]);
    const misspelt = { ...schedules[0]!, spec: { ...schedules[0]!.spec, template: { ...schedules[0]!.spec.template, defaultVolumesToFSBackup: true } } };
    expect(crdErrors(misspelt).length).toBeGreaterThan(0);
  });
});
