import type * as k8s from "../imports/k8s";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { containerEnv } from "./container-env";
import { containerSecurityContext } from "./pod-security";
import { imageReference, resources } from "./container-parts";
import { sidecarProbes } from "./probes";

/**
 * The service's sidecars (an exporter beside a database), with the main
 * container's security context and its /tmp: the root filesystem is read-only
 * for every container of the pod.
 */
export function sidecarContainers(env: ResolvedEnvironment, svc: ResolvedService): k8s.Container[] {
  return (svc.sidecars ?? []).map((sidecar) => ({
    name: sidecar.name,
    image: imageReference(sidecar),
    imagePullPolicy: sidecar.image.pullPolicy,
    ...(sidecar.command ? { command: sidecar.command } : {}),
    ...(sidecar.args.length ? { args: sidecar.args } : {}),
    ...(sidecar.ports.length ? { ports: sidecar.ports.map(({ name, containerPort, protocol }) => ({ name, containerPort, protocol })) } : {}),
    ...containerEnv({ ...sidecar, envFrom: undefined, downwardEnv: {}, containerName: sidecar.name }, undefined),
    resources: resources(env, { resources: sidecar.resources, gpu: undefined }),
    ...sidecarProbes(sidecar),
    securityContext: containerSecurityContext(svc),
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  }));
}
