/** StatefulSets that Kubernetes accepts and that keep their state: volumes, replica ownership, update shape. */
import { UserError, UserErrors, collectUserError } from "./source/errors";
import type { EnvironmentConfig, ResolvedEnvironment } from "./schema";
import { parseQuantity } from "./source/quantity";
import type { SourceChain } from "./load-environment";

/** Volume names the pod template takes already (pod-security.ts, workload.ts). */
const TAKEN_VOLUME_NAMES = ["tmp", "model-cache"];

export function checkStatefulSets(config: EnvironmentConfig, chain: SourceChain): void {
  const errors: UserError[] = [];
  // Each service's first mistake is reported, whatever the others'.
  for (const [name, svc] of Object.entries(config.services)) collectUserError(errors, () => {
    const stateful = svc.stateful;
    if (!stateful) return;
    const fail = (path: Array<string | number>, message: string): never => {
      const full = ["services", name, ...path];
      throw new UserError(message, { ...chain.locate(full), path: full.join(".") });
    };
    if (svc.delivery === "canary" || svc.delivery === "blueGreen") {
      fail(["delivery"], `delivery ${svc.delivery} runs the service as an Argo Rollout, which has no per-pod volumes or stable pod names: a stateful service is delivered by rolling update (remove delivery, or stateful)`);
    }
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
  });
  UserErrors.throwIfAny(errors);
}

/** Whether a file of the chain writes the service's own `replicas` (the schema's default would not count). */
function writtenReplicas(chain: SourceChain, service: string): boolean {
  return chain.docs.some((doc) => {
    const services = (doc.value as { services?: Record<string, unknown> }).services;
    const entry = services?.[service];
    return entry !== null && typeof entry === "object" && Object.hasOwn(entry, "replicas");
  });
}

/**
 * A namespace quota's storage entries (`requests.storage`, `persistentvolumeclaims`,
 * and both per StorageClass under `quota.hard`) must hold the claims of its
 * StatefulSets at their minimum replicas, as its cpu and memory must hold their pods.
 */
export function checkStorageQuotas(env: ResolvedEnvironment, chain: SourceChain): void {
  for (const [namespace, settings] of Object.entries(env.namespaces)) {
    const hard = settings.quota?.hard ?? {};
    const volumes = env.services
      .filter((s) => s.namespace === namespace && s.stateful)
      .flatMap((s) => s.stateful!.volumes.map((volume) => ({ volume, replicas: s.keda?.minReplicaCount ?? s.autoscaling?.minReplicas ?? s.replicas })));
    for (const [key, limit] of Object.entries(hard)) {
      const perClass = /^(.+)\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.exec(key);
      const measure = perClass ? perClass[2] : key;
      if (measure !== "requests.storage" && measure !== "persistentvolumeclaims") continue;
      const counted = volumes.filter(({ volume }) => !perClass || volume.storageClass === perClass[1]);
      const needed = counted.reduce((sum, { volume, replicas }) => sum + replicas * (measure === "requests.storage" ? parseQuantity(volume.size) : 1), 0);
      if (needed <= parseQuantity(limit)) continue;
      const amount = measure === "requests.storage" ? `${Math.round((needed / 2 ** 30) * 100) / 100}Gi` : `${needed} claims`;
      const path = ["namespaces", namespace, "quota", "hard", key];
      throw new UserError(`${limit} cannot hold the volumes of its StatefulSets at their minimum replicas (${amount})`, { ...chain.locate(path), path: path.join(".") });
    }
  }
}
