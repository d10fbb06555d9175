/**
 * The pod's identity and its writable places. Every id is non-zero, so the
 * namespaces stay Pod Security `restricted`; the root filesystem stays
 * read-only, with `/tmp`, the model cache and these emptyDir volumes writable.
 */
import { Type } from "@sinclair/typebox";
import { Choice, Dns, Quantity, Strict } from "./primitives";

/** Any non-zero id satisfies `restricted`; gitops-forge's default. */
export const DEFAULT_RUN_AS_ID = 10001;
const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description: `${description} (non-zero: 0 is root)` });

export const PodSecurity = Strict(
  {
    runAsUser: Type.Optional(Id(`UID the containers run as (default ${DEFAULT_RUN_AS_ID})`)),
    runAsGroup: Type.Optional(Id(`primary GID of the containers (default ${DEFAULT_RUN_AS_ID})`)),
    fsGroup: Type.Optional(Id(`GID owning mounted volumes (default ${DEFAULT_RUN_AS_ID})`)),
    supplementalGroups: Type.Optional(Type.Array(Id("extra GID of the containers"), { minItems: 1, uniqueItems: true })),
  },
  { description: "pod securityContext ids; the rest of the restricted profile is fixed" },
);

const EmptyDir = Strict(
  {
    medium: Type.Optional(Choice(["Memory"] as const, { description: "Memory: a tmpfs (e.g. /dev/shm), counted against the memory limit" })),
    sizeLimit: Type.Optional(Quantity("size limit, e.g. 1Gi")),
  },
  { default: {} },
);

const Volume = Strict({
  name: Dns("volume name (not tmp, model-cache or model, which are taken)"),
  mountPath: Type.String({ pattern: "^/", description: "where the container sees it" }),
  emptyDir: EmptyDir,
});

export const Volumes = Type.Array(Volume, {
  description: "more writable emptyDir volumes besides /tmp and the model cache (logs, caches, /dev/shm)",
});
