import * as k8s from "../imports/k8s";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";

/*
 * The parts of a container that model servers, their sidecars and batch jobs
 * share: the image reference, resources and Secret files. Apart from the
 * workload so that sidecars and jobs need not import it.
 */

const fileSecrets = (svc: Pick<ResolvedService, "secrets">) => svc.secrets.filter((s) => s.file !== undefined);
/** `secret-<n>`, n the Secret's place among those mounted: a Secret's name may be longer than a volume's may. */
const secretVolumeName = (svc: Pick<ResolvedService, "secrets">, secret: string) => `secret-${[...new Set(fileSecrets(svc).map((s) => s.secret))].indexOf(secret)}`;

/** One key per mount, at the path asked for, read-only. */
export function secretMounts(svc: Pick<ResolvedService, "secrets">): k8s.VolumeMount[] {
  return fileSecrets(svc).map((s) => ({ name: secretVolumeName(svc, s.secret), mountPath: s.file!, subPath: s.key, readOnly: true }));
}

/** One volume per Secret mounted as files, holding only the keys asked for, readable by the pod's group alone. */
export function secretVolumes(svc: Pick<ResolvedService, "secrets">): k8s.Volume[] {
  const keys = new Map<string, Set<string>>();
  for (const s of fileSecrets(svc)) (keys.get(s.secret) ?? keys.set(s.secret, new Set()).get(s.secret)!).add(s.key);
  return [...keys].map(([secret, names]) => ({
    name: secretVolumeName(svc, secret),
    secret: { secretName: secret, defaultMode: 0o440, items: [...names].map((key) => ({ key, path: key })) },
  }));
}

export function imageReference(svc: Pick<ResolvedService, "image">): string {
  const { repository, tag, digest } = svc.image;
  return digest ? `${repository}${tag ? `:${tag}` : ""}@${digest}` : `${repository}:${tag}`;
}

/** Limits default to requests (Guaranteed QoS for memory, no eviction for scratch space); GPUs: limits must equal requests. */
export function resources(env: ResolvedEnvironment, svc: Pick<ResolvedService, "resources" | "gpu">): k8s.ResourceRequirements {
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
