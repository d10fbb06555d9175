import * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";
import { DEFAULT_RUN_AS_ID } from "../../environments/format/pod-security";
import { MODEL_SERVING } from "../../environments/format/component";

/** The pod's identity: the configured ids, else gitops-forge's non-root default. */
export function podSecurityContext(svc: ResolvedService): k8s.PodSecurityContext {
  const ids = svc.securityContext ?? {};
  return {
    runAsNonRoot: true,
    runAsUser: ids.runAsUser ?? DEFAULT_RUN_AS_ID,
    runAsGroup: ids.runAsGroup ?? DEFAULT_RUN_AS_ID,
    fsGroup: ids.fsGroup ?? DEFAULT_RUN_AS_ID,
    ...(ids.supplementalGroups ? { supplementalGroups: ids.supplementalGroups } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Restricted in every respect; the user and group repeat the pod's so the container alone reads as non-root. */
export function containerSecurityContext(svc: ResolvedService): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: svc.securityContext?.runAsUser ?? DEFAULT_RUN_AS_ID,
    runAsGroup: svc.securityContext?.runAsGroup ?? DEFAULT_RUN_AS_ID,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * The writable places of a read-only root filesystem: /tmp, the model cache
 * (model servers that fill it themselves: a `model` source brings its own
 * volume, see model-storage.ts) and the configured emptyDir volumes.
 */
export function writableVolumes(svc: ResolvedService): { volumes: k8s.Volume[]; volumeMounts: k8s.VolumeMount[] } {
  const q = k8s.Quantity.fromString;
  const volumes: k8s.Volume[] = [{ name: "tmp", emptyDir: { sizeLimit: q("1Gi") } }];
  const volumeMounts: k8s.VolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
  if (svc.component === MODEL_SERVING && !svc.model) {
    volumes.push({ name: "model-cache", emptyDir: { sizeLimit: q(svc.modelCache.sizeLimit) } });
    volumeMounts.push({ name: "model-cache", mountPath: svc.modelCache.path });
  }
  for (const { name, mountPath, emptyDir } of svc.volumes ?? []) {
    volumes.push({
      name,
      emptyDir: { ...(emptyDir.medium ? { medium: emptyDir.medium } : {}), ...(emptyDir.sizeLimit ? { sizeLimit: q(emptyDir.sizeLimit) } : {}) },
    });
    volumeMounts.push({ name, mountPath });
  }
  return { volumes, volumeMounts };
}
