import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import { isResourceField } from "../../environments/format/rollout";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { podLabels } from "../labels";
import { HTTP_PORT, METRICS_PORT, type ServiceContext } from "./context";

/** Non-root identity for every serving container (any non-zero id satisfies `restricted`). */
export const RUN_AS_ID = 10001;
const CONTAINER = "server";
const ZONE_KEY = "topology.kubernetes.io/zone";
const HOST_KEY = "kubernetes.io/hostname";

export interface WorkloadProps {
  configMapName?: string;
  configChecksum: string;
}

/**
 * The serving Deployment. Written with the L1 construct rather than
 * cdk8s-plus's Deployment, which stamps a construct-path label on every pod
 * and has no topology spread constraints or custom pod metrics.
 */
export class ServingWorkload extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext, props: WorkloadProps) {
    super(scope, id);
    const { env, svc } = ctx;
    new k8s.KubeDeployment(this, "deployment", {
      metadata: ctx.meta(),
      spec: {
        // An autoscaler (HPA or KEDA) owns the replica count; writing it here would make Argo CD fight it.
        ...(svc.autoscaling || svc.keda ? {} : { replicas: svc.replicas }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: ctx.selector },
        strategy: { type: "RollingUpdate", rollingUpdate: rolloutPace(svc) },
        ...(svc.minReadySeconds !== undefined ? { minReadySeconds: svc.minReadySeconds } : {}),
        ...(svc.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: svc.progressDeadlineSeconds } : {}),
        template: {
          metadata: {
            labels: podLabels(env, svc),
            annotations: { "kubectl.kubernetes.io/default-container": CONTAINER, "gitops-forge.io/config-checksum": props.configChecksum },
          },
          spec: {
            serviceAccountName: svc.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: svc.shutdown.terminationGracePeriodSeconds,
            ...(svc.priorityClassName ? { priorityClassName: svc.priorityClassName } : {}),
            securityContext: {
              runAsNonRoot: true,
              runAsUser: RUN_AS_ID,
              runAsGroup: RUN_AS_ID,
              fsGroup: RUN_AS_ID,
              seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [container(env, svc, props)],
            volumes: [
              { name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("1Gi") } },
              { name: "model-cache", emptyDir: { sizeLimit: k8s.Quantity.fromString(svc.modelCache.sizeLimit) } },
              ...secretVolumes(svc),
            ],
            topologySpreadConstraints: [ZONE_KEY, HOST_KEY].map((topologyKey) => ({
              topologyKey,
              maxSkew: 1,
              // Zones may be unbalanced in capacity; two replicas on one host never help.
              whenUnsatisfiable: topologyKey === HOST_KEY ? "DoNotSchedule" : "ScheduleAnyway",
              labelSelector: { matchLabels: ctx.selector },
              matchLabelKeys: ["pod-template-hash"],
            })),
            ...gpuPlacement(env, svc),
          },
        },
      },
    });
  }
}

/**
 * CPU services surge (no capacity lost during a rollout). GPU services
 * replace one pod at a time instead: a surge pod would need a spare GPU that
 * the pool and quota usually do not have.
 */
function rolloutPace(svc: ResolvedService): k8s.RollingUpdateDeployment {
  const defaults = svc.gpu ? { maxSurge: 0, maxUnavailable: 1 } : { maxSurge: "25%", maxUnavailable: 0 };
  const { maxSurge, maxUnavailable } = { ...defaults, ...svc.rollingUpdate };
  const intOrString = (v: number | string) => (typeof v === "number" ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v));
  return { maxSurge: intOrString(maxSurge), maxUnavailable: intOrString(maxUnavailable) };
}

function container(env: ResolvedEnvironment, svc: ResolvedService, props: WorkloadProps): k8s.Container {
  const ports = [
    { name: HTTP_PORT, containerPort: svc.port, protocol: "TCP" },
    { name: METRICS_PORT, containerPort: svc.metricsPort, protocol: "TCP" },
  ];
  return {
    name: CONTAINER,
    image: imageReference(svc),
    imagePullPolicy: svc.image.pullPolicy,
    ...(svc.args.length ? { args: svc.args } : {}),
    ports,
    ...(props.configMapName ? { envFrom: [{ configMapRef: { name: props.configMapName } }] } : {}),
    ...(envSecrets(svc).length + Object.keys(svc.downwardEnv).length
      ? {
          env: [
            ...envSecrets(svc).map((s) => ({ name: s.env!, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })),
            ...Object.entries(svc.downwardEnv).map(([name, field]) => ({ name, valueFrom: downwardSource(field) })),
          ],
        }
      : {}),
    resources: resources(env, svc),
    startupProbe: httpProbe(svc.probes.startup),
    readinessProbe: httpProbe(svc.probes.readiness),
    livenessProbe: httpProbe(svc.probes.liveness),
    // Endpoints take a few seconds to drop a terminating pod; keep serving until they have.
    lifecycle: { preStop: { exec: { command: ["sleep", String(svc.shutdown.preStopSeconds)] } } },
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: RUN_AS_ID,
      runAsGroup: RUN_AS_ID,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: "tmp", mountPath: "/tmp" },
      { name: "model-cache", mountPath: svc.modelCache.path },
      // One key per mount, at the path asked for, read-only.
      ...fileSecrets(svc).map((s) => ({ name: secretVolumeName(svc, s.secret), mountPath: s.file!, subPath: s.key, readOnly: true })),
    ],
  };
}

const envSecrets = (svc: ResolvedService) => svc.secrets.filter((s) => s.env !== undefined);
const fileSecrets = (svc: ResolvedService) => svc.secrets.filter((s) => s.file !== undefined);
/** `secret-<n>`, n the Secret's place among those mounted: a Secret's name may be longer than a volume's may. */
const secretVolumeName = (svc: ResolvedService, secret: string) => `secret-${[...new Set(fileSecrets(svc).map((s) => s.secret))].indexOf(secret)}`;

/** One volume per Secret mounted as files, holding only the keys asked for, readable by the pod's group alone. */
function secretVolumes(svc: ResolvedService): k8s.Volume[] {
  const keys = new Map<string, Set<string>>();
  for (const s of fileSecrets(svc)) (keys.get(s.secret) ?? keys.set(s.secret, new Set()).get(s.secret)!).add(s.key);
  return [...keys].map(([secret, names]) => ({
    name: secretVolumeName(svc, secret),
    secret: { secretName: secret, defaultMode: 0o440, items: [...names].map((key) => ({ key, path: key })) },
  }));
}

/** A pod field, or a resource of this container, served by the downward API. */
function downwardSource(field: string): k8s.EnvVarSource {
  return isResourceField(field) ? { resourceFieldRef: { containerName: CONTAINER, resource: field } } : { fieldRef: { fieldPath: field } };
}

export function imageReference(svc: ResolvedService): string {
  const { repository, tag, digest } = svc.image;
  return digest ? `${repository}${tag ? `:${tag}` : ""}@${digest}` : `${repository}:${tag}`;
}

/** Limits default to requests (Guaranteed QoS for memory, no eviction for scratch space); GPUs: limits must equal requests. */
function resources(env: ResolvedEnvironment, svc: ResolvedService): k8s.ResourceRequirements {
  const q = k8s.Quantity.fromString;
  const requests: Record<string, k8s.Quantity> = { cpu: q(svc.resources.cpu), memory: q(svc.resources.memory) };
  const limits: Record<string, k8s.Quantity> = {};
  // `none` leaves the limit out: Burstable QoS, chosen by the team.
  if (svc.resources.cpuLimit !== "none") limits.cpu = q(svc.resources.cpuLimit ?? svc.resources.cpu);
  if (svc.resources.memoryLimit !== "none") limits.memory = q(svc.resources.memoryLimit ?? svc.resources.memory);
  const { ephemeralStorage, ephemeralStorageLimit } = svc.resources;
  if (ephemeralStorage || ephemeralStorageLimit) {
    if (ephemeralStorage) requests["ephemeral-storage"] = q(ephemeralStorage);
    limits["ephemeral-storage"] = q(ephemeralStorageLimit ?? ephemeralStorage!);
  }
  if (svc.gpu) {
    const resource = env.gpuPools[svc.gpu.pool]!.resource;
    requests[resource] = limits[resource] = k8s.Quantity.fromNumber(svc.gpu.count);
  }
  return { requests, limits };
}

function httpProbe(probe: ResolvedService["probes"]["readiness"]): k8s.Probe {
  return {
    httpGet: { path: probe.path, port: k8s.IntOrString.fromString(HTTP_PORT) },
    periodSeconds: probe.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold,
    successThreshold: 1,
  };
}

/** GPU pods tolerate their pool's taint and require its node label; CPU pods get neither. */
function gpuPlacement(env: ResolvedEnvironment, svc: ResolvedService): Partial<k8s.PodSpec> {
  if (!svc.gpu) return {};
  const pool = env.gpuPools[svc.gpu.pool]!;
  const { key, value, effect } = pool.taint;
  return {
    tolerations: [value === undefined ? { key, operator: "Exists", effect } : { key, operator: "Equal", value, effect }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: pool.nodeLabel.key, operator: "In", values: [pool.nodeLabel.value] }] }],
        },
      },
    },
  };
}
