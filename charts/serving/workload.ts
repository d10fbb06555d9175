import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { podLabels } from "../labels";
import type { ServiceContext } from "./context";
import { containerEnv } from "./container-env";
import { probes } from "./probes";
import { containerSecurityContext, podSecurityContext, writableVolumes } from "./pod-security";
import { placement } from "./scheduling";
import { isRollout, ROLLOUT_TYPE, rolloutStrategy } from "./rollout";
import { claimMounts, statefulSetSpec } from "./stateful-set";
import { modelStorage } from "./model-storage";
import { sidecarContainers } from "./sidecars";
import { imageReference, resources, secretMounts, secretVolumes } from "./container-parts";

export interface WorkloadProps {
  configMapName?: string;
  configChecksum: string;
}

/**
 * The serving Deployment, the StatefulSet of a service with `stateful`, or
 * the Argo Rollout of a canary or blue-green service (same pod template, same
 * hardening). Written with the L1 construct rather than cdk8s-plus's
 * Deployment, which stamps a construct-path label on every pod and has no
 * topology spread constraints or custom pod metrics.
 */
export class ServingWorkload extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext, props: WorkloadProps) {
    super(scope, id);
    const { svc } = ctx;
    // An autoscaler (HPA or KEDA) owns the replica count; writing it here would make Argo CD fight it.
    const replicas = svc.autoscaling || svc.keda ? {} : { replicas: svc.replicas };
    const common = { ...replicas, revisionHistoryLimit: 5, selector: { matchLabels: ctx.selector } };
    const pace = {
      ...(svc.minReadySeconds !== undefined ? { minReadySeconds: svc.minReadySeconds } : {}),
      ...(svc.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: svc.progressDeadlineSeconds } : {}),
    };
    const template = podTemplate(ctx, props);
    if (svc.stateful) {
      new k8s.KubeStatefulSet(this, "statefulset", { metadata: ctx.meta(), spec: statefulSetSpec(ctx, svc.stateful, template, replicas) });
      return;
    }
    if (isRollout(svc)) {
      // An untyped object: the template goes in as the API's JSON (quantities and int-or-strings as plain values).
      new ApiObject(this, "rollout", { ...ROLLOUT_TYPE, metadata: ctx.meta(), spec: { ...common, strategy: rolloutStrategy(ctx), ...pace, template: k8s.toJson_PodTemplateSpec(template) } });
      return;
    }
    new k8s.KubeDeployment(this, "deployment", {
      metadata: ctx.meta(),
      spec: { ...common, strategy: { type: "RollingUpdate", rollingUpdate: rolloutPace(svc) }, ...pace, template },
    });
  }
}

/** The pod template a Deployment, a StatefulSet and a Rollout share: the model's init containers and volumes included. */
function podTemplate(ctx: ServiceContext, props: WorkloadProps): k8s.PodTemplateSpec {
  const { env, svc } = ctx;
  const { volumes, volumeMounts } = writableVolumes(svc);
  const model = svc.model ? modelStorage(svc, svc.model) : undefined;
  return {
    metadata: {
      labels: podLabels(env, svc),
      annotations: { "kubectl.kubernetes.io/default-container": svc.containerName, "gitops-forge.io/config-checksum": props.configChecksum, ...model?.annotations },
    },
    spec: {
      serviceAccountName: svc.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: svc.shutdown.terminationGracePeriodSeconds,
      securityContext: podSecurityContext(svc),
      ...(model?.initContainers.length ? { initContainers: model.initContainers } : {}),
      containers: [container(env, svc, ctx, props, [...volumeMounts, ...(model ? [model.mount] : []), ...claimMounts(svc)]), ...sidecarContainers(env, svc)],
      volumes: [...volumes, ...(model?.volumes ?? []), ...secretVolumes(svc)],
      ...placement(env, svc, ctx.selector),
    },
  };
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

function container(env: ResolvedEnvironment, svc: ResolvedService, ctx: ServiceContext, props: WorkloadProps, mounts: k8s.VolumeMount[]): k8s.Container {
  return {
    name: svc.containerName,
    image: imageReference(svc),
    imagePullPolicy: svc.image.pullPolicy,
    ...(svc.args.length ? { args: svc.args } : {}),
    ports: ctx.mainContainerPorts.map(({ name, containerPort, protocol }) => ({ name, containerPort, protocol })),
    ...containerEnv(svc, props.configMapName),
    resources: resources(env, svc),
    ...probes(svc),
    // Endpoints take a few seconds to drop a terminating pod; keep serving until they have.
    lifecycle: { preStop: { exec: { command: ["sleep", String(svc.shutdown.preStopSeconds)] } } },
    securityContext: containerSecurityContext(svc),
    volumeMounts: [
      ...mounts,
      ...secretMounts(svc),
    ],
  };
}
