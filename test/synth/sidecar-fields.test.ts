/**
 * Sidecar containers (docs/container-and-pod.md): a database whose metrics
 * come from an exporter beside it. The sidecar reaches the pod with its pinned
 * image, ports, Secret references and probes, hardened like the server; the
 * Service, ServiceMonitor and NetworkPolicy follow its metrics port (peers do
 * not reach it), and the result passes validate at production severity and
 * the Kubernetes schema.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { kubernetesSchemaErrors } from "../helpers/kube-schema";
import { crdErrors } from "../helpers/crds";
import { describeConformance } from "../helpers/upstream-crds";
import { errorsOf, synthesizePlatform } from "./platform-environment";

const SERVICES = `services:
  postgres:
    namespace: ml-serving
    component: database
    containerName: postgresql
    image: { repository: docker.io/bitnami/postgresql-repmgr, tag: 16.4.0 }
    port: 5432
    metricsPort: 5432
    metricsEndpoints: [{ port: metrics }]
    resources: { cpu: "1", memory: 4Gi, ephemeralStorage: 1Gi }
    replicas: 3
    probes:
      startup: { tcpSocket: { port: http } }
      readiness: { exec: { command: [pg_isready, -h, 127.0.0.1] } }
      liveness: { tcpSocket: { port: http } }
    stateful:
      volumes:
        - { name: data, mountPath: /bitnami/postgresql, size: 100Gi }
    sidecars:
      - name: exporter
        image: { repository: quay.io/prometheuscommunity/postgres-exporter, tag: v0.15.0, pullPolicy: Always }
        args: [--no-collector.stat_bgwriter]
        ports: [{ name: metrics, containerPort: 9187 }]
        resources: { cpu: 100m, memory: 128Mi, ephemeralStorage: 64Mi }
        secrets:
          - { env: DATA_SOURCE_PASS, secret: postgres, key: password }
        containerEnv:
          - { name: DATA_SOURCE_URI, value: "127.0.0.1:5432/postgres?sslmode=disable" }
        probes:
          readiness: { httpGet: { path: /, port: metrics } }
          liveness: { tcpSocket: { port: metrics } }
  ranker:
    namespace: ml-serving
    image: { repository: ghcr.io/acme/ranker, tag: "2.0.0" }
    resources: { cpu: "1", memory: 2Gi, ephemeralStorage: 1Gi }
    autoscaling: { minReplicas: 2, maxReplicas: 4 }
    verticalAutoscaling: { updateMode: "Off" }
    sidecars:
      - name: log-shipper
        image: { repository: docker.io/fluent/fluent-bit, tag: 3.1.9 }
        resources: { cpu: 50m, memory: 64Mi, ephemeralStorage: 64Mi }
        probes:
          startup: { enabled: false }
          readiness: { exec: { command: [/fluent-bit/bin/fluent-bit, --version] } }
          liveness: { exec: { command: [/fluent-bit/bin/fluent-bit, --dry-run] } }
`;

type Platform = Awaited<ReturnType<typeof synthesizePlatform>>;
let platform: Platform;
beforeAll(async () => {
  platform = await synthesizePlatform(SERVICES);
});

const pod = () => platform.find("StatefulSet", "postgres")!.spec.template.spec;

describe("sidecar containers", () => {
  it("runs the sidecar beside the server with its pinned image, ports, variables and resources", () => {
    const [server, exporter] = pod().containers;
    expect(pod().containers.map((c: { name: string }) => c.name)).toEqual(["postgresql", "exporter"]);
    expect(server.ports).toEqual([{ name: "http", containerPort: 5432, protocol: "TCP" }]);
    expect(exporter).toMatchObject({
      image: "quay.io/prometheuscommunity/postgres-exporter:v0.15.0",
      imagePullPolicy: "Always",
      args: ["--no-collector.stat_bgwriter"],
      ports: [{ name: "metrics", containerPort: 9187, protocol: "TCP" }],
      // Secrets by reference only, then the plain values in order.
      env: [
        { name: "DATA_SOURCE_PASS", valueFrom: { secretKeyRef: { name: "postgres", key: "password" } } },
        { name: "DATA_SOURCE_URI", value: "127.0.0.1:5432/postgres?sslmode=disable" },
      ],
      resources: { requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "64Mi" }, limits: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "64Mi" } },
    });
    expect(exporter.command).toBeUndefined();
  });

  it("hardens the sidecar as the server, with the pod's /tmp on a read-only root", () => {
    const [server, exporter] = pod().containers;
    expect(exporter.securityContext).toEqual(server.securityContext);
    expect(exporter.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(exporter.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
  });

  it("gives the sidecar only the probes it sets, on its own port", () => {
    const [, exporter] = pod().containers;
    expect(exporter.readinessProbe).toMatchObject({ httpGet: { path: "/", port: "metrics" } });
    expect(exporter.livenessProbe).toMatchObject({ tcpSocket: { port: "metrics" } });
    expect(exporter.startupProbe).toBeUndefined();
  });

  it("scrapes the exporter: Service port, ServiceMonitor endpoint and NetworkPolicy from monitoring, never from peers", () => {
    expect(platform.find("Service", "postgres")!.spec.ports.map((p: { name: string; port: number }) => [p.name, p.port])).toEqual([["http", 5432], ["metrics", 9187]]);
    expect(platform.find("ServiceMonitor", "postgres")!.spec.endpoints.map((e: { port: string }) => e.port)).toEqual(["metrics"]);
    const policy = platform.find("NetworkPolicy", "postgres")!.spec;
    expect(policy.ingress).toContainEqual(expect.objectContaining({ ports: [{ protocol: "TCP", port: "metrics" }] }));
    const peers = [{ podSelector: { matchLabels: platform.find("StatefulSet", "postgres")!.spec.selector.matchLabels } }];
    expect(policy.ingress).toContainEqual({ from: peers, ports: [{ protocol: "TCP", port: 5432 }] });
  });

  it("runs sidecars in Deployments too, and keeps a VerticalPodAutoscaler off their resources", () => {
    const containers = platform.find("Deployment", "ranker")!.spec.template.spec.containers;
    expect(containers.map((c: { name: string }) => c.name)).toEqual(["server", "log-shipper"]);
    expect(containers[1].ports).toBeUndefined();
    expect(containers[1].startupProbe).toBeUndefined();
    const policies = platform.find("VerticalPodAutoscaler", "ranker")!.spec.resourcePolicy.containerPolicies;
    expect(policies.map((p: { containerName: string; mode?: string }) => [p.containerName, p.mode])).toEqual([["server", undefined], ["log-shipper", "Off"]]);
  });

  it("passes validate at production severity and the Kubernetes schema", async () => {
    expect(errorsOf(platform.report)).toEqual([]);
    expect(await kubernetesSchemaErrors(platform.find("StatefulSet", "postgres")!)).toBeUndefined();
    expect(await kubernetesSchemaErrors(platform.find("Deployment", "ranker")!)).toBeUndefined();
  });
});

describeConformance("a VerticalPodAutoscaler beside sidecars", () => {
  it("validates against the upstream VPA CRD (strict fields)", () => {
    expect(crdErrors(platform.find("VerticalPodAutoscaler", "ranker")!)).toEqual([]);
  });
});
