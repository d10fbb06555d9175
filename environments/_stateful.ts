/** StatefulSets that Kubernetes accepts and that keep their state: volumes, replica ownership, update shape. */
import { UserError } from "./source/errors";
import type { EnvironmentConfig } from "./schema";
import type { SourceChain } from "./load-environment";

/** Volume names the pod template takes already (pod-security.ts, workload.ts). */
const TAKEN_VOLUME_NAMES = ["tmp", "model-cache"];

export function checkStatefulSets(config: EnvironmentConfig, chain: SourceChain): void {
  for (const [name, svc] of Object.entries(config.services)) {
    const stateful = svc.stateful;
    if (!stateful) continue;
    const fail = (path: Array<string | number>, message: string): never => {
      const full = ["services", name, ...path];
      throw new UserError(message, { ...chain.locate(full), path: full.join(".") });
    };
    if (stateful.volumes.length === 0) {
      fail(["stateful", "volumes"], "a StatefulSet keeps its state on volumes: list at least one (a service without state stays a Deployment: remove stateful)");
    }
    const autoscaler = svc.autoscaling ? "autoscaling" : svc.keda ? "keda" : undefined;
    if (autoscaler && writtenReplicas(chain, name)) {
      fail(["replicas"], `a fixed replica count and ${autoscaler} exclude each other: the autoscaler owns a StatefulSet's replicas (remove replicas or ${autoscaler})`);
    }
    if (svc.rollingUpdate?.maxSurge !== undefined) fail(["rollingUpdate", "maxSurge"], "a StatefulSet replaces its pods in place and cannot surge: remove maxSurge");
    if (svc.progressDeadlineSeconds !== undefined) fail(["progressDeadlineSeconds"], "a StatefulSet has no progress deadline (a Deployment field): remove it");
    const names = new Set([...TAKEN_VOLUME_NAMES, ...(svc.volumes ?? []).map((v) => v.name)]);
    const paths = new Set([...(svc.volumes ?? []).map((v) => v.mountPath), "/tmp", svc.modelCache.path]);
    for (const [i, volume] of stateful.volumes.entries()) {
      if (names.has(volume.name)) fail(["stateful", "volumes", i, "name"], `volume name "${volume.name}" is taken (tmp, model-cache, volumes and stateful.volumes must differ)`);
      if (paths.has(volume.mountPath)) fail(["stateful", "volumes", i, "mountPath"], `${volume.mountPath} is mounted already`);
      names.add(volume.name);
      paths.add(volume.mountPath);
    }
  }
}

/** Whether a file of the chain writes the service's own `replicas` (the schema's default would not count). */
function writtenReplicas(chain: SourceChain, service: string): boolean {
  return chain.docs.some((doc) => {
    const services = (doc.value as { services?: Record<string, unknown> }).services;
    const entry = services?.[service];
    return entry !== null && typeof entry === "object" && Object.hasOwn(entry, "replicas");
  });
}
