import * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";
import type { ModelConfig } from "../../environments/format/model";
import {
  MODEL_URI_ANNOTATION, MODEL_VERSION_ANNOTATION, imageReferenceVersion, judgeModelUri, pinnedUri, type PinnedModel,
} from "../../environments/format/model-reference";
import { containerSecurityContext } from "./pod-security";

/** The pod's parts for a model that comes from somewhere (`model`): volumes, the server's mount, the puller, annotations. */
export interface ModelStorage {
  volumes: k8s.Volume[];
  /** Where the server reads the model: read-only, whatever the source. */
  mount: k8s.VolumeMount;
  initContainers: k8s.Container[];
  annotations: Record<string, string>;
}

/** Pullers with an official image; Hugging Face publishes none (the loader asks for puller.image). */
const PULLER_IMAGES = { "object-storage": "rclone/rclone:1.68.2", mlflow: "ghcr.io/mlflow/mlflow:v2.18.0" } as const;
const PULLER_RESOURCES = { cpu: "500m", memory: "1Gi" };
/** The puller writes the cache volume; of the node's disk it uses only /tmp, which holds 1Gi. */
const PULLER_SCRATCH = k8s.Quantity.fromString("1Gi");
/** The volume holding the model when it comes from a claim or an image (the PR body reads it by this name). */
export const MODEL_VOLUME = "model";
const CACHE_VOLUME = "model-cache";

/** Names of the claims gitops-forge writes for a service's model and its cache. */
export const modelClaimName = (svc: ResolvedService) => `${svc.name}-model`;
export const cacheClaimName = (svc: ResolvedService) => `${svc.name}-model-cache`;

export function modelStorage(svc: ResolvedService, model: ModelConfig): ModelStorage {
  const path = svc.modelCache.path;
  if (model.volumeClaim) {
    return {
      volumes: [{ name: MODEL_VOLUME, persistentVolumeClaim: { claimName: model.volumeClaim.name ?? modelClaimName(svc), readOnly: true } }],
      mount: { name: MODEL_VOLUME, mountPath: path, readOnly: true, ...(model.subPath ? { subPath: model.subPath } : {}) },
      initContainers: [],
      annotations: model.version ? { [MODEL_VERSION_ANNOTATION]: model.version } : {},
    };
  }
  if (model.image) {
    const { reference, pullPolicy } = model.image;
    return {
      volumes: [{ name: MODEL_VOLUME, image: { reference, pullPolicy } }],
      mount: { name: MODEL_VOLUME, mountPath: path, readOnly: true },
      initContainers: [],
      annotations: { [MODEL_VERSION_ANNOTATION]: imageReferenceVersion(reference) },
    };
  }
  // The loader refused every URI that does not pin its model.
  const pinned = judgeModelUri(model.uri!, model.revision) as PinnedModel;
  const claim = model.cache?.volumeClaim;
  return {
    volumes: [
      claim
        ? { name: CACHE_VOLUME, persistentVolumeClaim: { claimName: claim.name ?? cacheClaimName(svc) } }
        : { name: CACHE_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(svc.modelCache.sizeLimit) } },
    ],
    mount: { name: CACHE_VOLUME, mountPath: path, readOnly: true },
    initContainers: [puller(svc, model, pinned, path)],
    annotations: { [MODEL_URI_ANNOTATION]: pinnedUri(pinned), [MODEL_VERSION_ANNOTATION]: pinned.version },
  };
}

/** The init container that pulls the model into the cache before the server starts, hardened like the server. */
function puller(svc: ResolvedService, model: ModelConfig, pinned: PinnedModel, path: string): k8s.Container {
  const { command, env } = pullCommand(model, pinned, path);
  const image = model.puller?.image ?? PULLER_IMAGES[pinned.kind as keyof typeof PULLER_IMAGES];
  const size = model.puller?.resources ?? PULLER_RESOURCES;
  const amounts = { cpu: k8s.Quantity.fromString(size.cpu), memory: k8s.Quantity.fromString(size.memory), "ephemeral-storage": PULLER_SCRATCH };
  const credentials = model.credentials;
  return {
    name: "model-puller",
    image,
    imagePullPolicy: svc.image.pullPolicy,
    command,
    // Tools keep caches and settings under HOME, and the root filesystem is read-only.
    env: [
      { name: "HOME", value: "/tmp" },
      ...Object.entries(env).map(([name, value]) => ({ name, value })),
      ...(credentials?.env ?? []).map(({ name, secret, key }) => ({ name, valueFrom: { secretKeyRef: { name: secret!, key: key! } } })),
    ],
    ...(credentials?.secret ? { envFrom: [{ secretRef: { name: credentials.secret } }] } : {}),
    resources: { requests: amounts, limits: amounts },
    securityContext: containerSecurityContext(svc),
    volumeMounts: [
      { name: "tmp", mountPath: "/tmp" },
      { name: CACHE_VOLUME, mountPath: path },
    ],
  };
}

/** What the puller runs: rclone for object storage (credentials from the environment), MLflow's and Hugging Face's own CLIs. */
function pullCommand(model: ModelConfig, pinned: PinnedModel, path: string): { command: string[]; env: Record<string, string> } {
  switch (pinned.kind) {
    case "object-storage": {
      if (pinned.scheme === "gs") return { command: ["rclone", "copy", `:gcs:${pinned.location}`, path], env: { RCLONE_GCS_ENV_AUTH: "true" } };
      const endpoint: Record<string, string> = model.endpoint ? { RCLONE_S3_PROVIDER: "Minio", RCLONE_S3_ENDPOINT: model.endpoint } : { RCLONE_S3_PROVIDER: "AWS" };
      return { command: ["rclone", "copy", `:s3:${pinned.location}`, path], env: { ...endpoint, RCLONE_S3_ENV_AUTH: "true" } };
    }
    case "mlflow":
      return { command: ["mlflow", "artifacts", "download", "--artifact-uri", pinnedUri(pinned), "--dst-path", path], env: { MLFLOW_TRACKING_URI: model.trackingUri! } };
    case "huggingface":
      return { command: ["huggingface-cli", "download", pinned.location, "--revision", pinned.version, "--local-dir", path], env: { HF_HOME: "/tmp/huggingface" } };
  }
}
