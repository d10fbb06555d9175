/**
 * A service that keeps state: a StatefulSet instead of a Deployment, each pod
 * with its own PersistentVolumeClaims (volumeClaimTemplates), a stable name
 * under a headless governing Service, ordered or parallel pod management and a
 * partitioned rolling update. Velero backs up the volumes as the environment's
 * `backup` says (volume snapshots or file-system backup).
 */
import { Type, type Static } from "@sinclair/typebox";
import { Choice, Dns, DNS_SUBDOMAIN, Quantity, Strict } from "./primitives";

/** The access modes PersistentVolumeClaims take (core/v1 PersistentVolumeAccessMode). */
export const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"] as const;

const VolumeClaim = Strict({
  name: Dns("volume name, also the first part of each PersistentVolumeClaim's name (<name>-<service>-<ordinal>)"),
  mountPath: Type.String({ pattern: "^(/[-._a-zA-Z0-9]+)+$", maxLength: 1024, description: "absolute path the container sees the volume at" }),
  size: Quantity("storage each pod's claim requests, a quantity such as 20Gi"),
  storageClass: Type.Optional(
    Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "a StorageClass name (a DNS subdomain: lowercase letters, digits, '-' and '.'); default: the cluster's default class" }),
  ),
  accessModes: Type.Array(Choice(ACCESS_MODES), {
    minItems: 1,
    uniqueItems: true,
    default: ["ReadWriteOnce"],
    description: "ReadWriteOnce (default), ReadOnlyMany, ReadWriteMany or ReadWriteOncePod",
  }),
});

export const Stateful = Strict(
  {
    volumes: Type.Array(VolumeClaim, { default: [], description: "the volumes each pod gets (volumeClaimTemplates); at least one" }),
    podManagementPolicy: Choice(["OrderedReady", "Parallel"] as const, {
      default: "OrderedReady",
      description: "OrderedReady: pods start one after another, each once the previous is ready; Parallel: all at once (peers that form a cluster)",
    }),
    partition: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, description: "rolling update partition: only pods with an ordinal at or above it take a new revision (a staged rollout)" }),
    ),
  },
  { description: "run the service as a StatefulSet with persistent volumes, under a headless Service <name>-headless (or its own Service when service.headless)" },
);

export type StatefulConfig = Static<typeof Stateful>;
export type VolumeClaimConfig = StatefulConfig["volumes"][number];
