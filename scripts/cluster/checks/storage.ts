import type { Finding } from "../findings";
import { describeObject, isRecord, listOf, type GeneratedObject } from "../objects";
import { quantityOf as parseQuantity } from "../../../environments/source/quantity";
import type { Workload } from "../workloads";

/** The annotation that makes a StorageClass the one claims without a class get. */
const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
/** Quota keys of one StorageClass: `<class>.storageclass.storage.k8s.io/requests.storage` and `/persistentvolumeclaims`. */
const CLASS_QUOTA = /^(.+)\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/;

/** One volume claim template of a generated StatefulSet: each of its pods gets a claim of this size. */
export interface ClaimTemplate {
  workload: Workload;
  name: string;
  storageClass?: string;
  /** Bytes each claim requests. */
  size: number;
}

export function claimTemplatesOf(workloads: readonly Workload[]): ClaimTemplate[] {
  return workloads.flatMap((workload) => {
    const spec = workload.source.object.spec;
    return listOf(isRecord(spec) ? spec.volumeClaimTemplates : undefined).map((template) => {
      const claim = isRecord(template.spec) ? template.spec : {};
      const requests = isRecord(claim.resources) && isRecord(claim.resources.requests) ? claim.resources.requests : {};
      const name = isRecord(template.metadata) ? String(template.metadata.name) : "";
      return { workload, name, ...(typeof claim.storageClassName === "string" ? { storageClass: claim.storageClassName } : {}), size: parseQuantity(requests.storage) ?? 0 };
    });
  });
}

/**
 * Every claim template names a StorageClass the cluster has (or the sync
 * creates), or the cluster has a default class for those that name none:
 * otherwise the claims stay Pending and so do the pods.
 */
export function checkStorageClasses(templates: readonly ClaimTemplate[], generated: readonly GeneratedObject[], liveClasses: Record<string, unknown>[]): Finding[] {
  const classes = [...liveClasses, ...generated.filter((g) => g.object.kind === "StorageClass").map((g) => g.object as Record<string, unknown>)];
  const names = new Set(classes.map((c) => (isRecord(c.metadata) ? String(c.metadata.name) : "")));
  const hasDefault = classes.some((c) => isRecord(c.metadata) && isRecord(c.metadata.annotations) && c.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === "true");
  const findings: Finding[] = [];
  for (const t of templates) {
    const object = describeObject(t.workload.source.object);
    if (t.storageClass !== undefined && !names.has(t.storageClass)) {
      findings.push({
        check: "storage",
        severity: "error",
        object,
        file: t.workload.source.file,
        message: `volume ${t.name} asks for StorageClass ${t.storageClass}, which the cluster does not have: its claims, and so its pods, would stay Pending`,
        remedy: `name one of the cluster's StorageClasses (${[...names].sort().join(", ") || "it has none"}) in stateful.volumes, or create ${t.storageClass}`,
      });
    } else if (t.storageClass === undefined && !hasDefault) {
      findings.push({
        check: "storage",
        severity: "error",
        object,
        file: t.workload.source.file,
        message: `volume ${t.name} names no StorageClass and the cluster has no default one: its claims, and so its pods, would stay Pending`,
        remedy: `set storageClass in stateful.volumes, or mark a StorageClass of the cluster as its default (${DEFAULT_CLASS_ANNOTATION}: "true")`,
      });
    }
  }
  return findings;
}

/**
 * What the claim templates ask of a storage quota key (`requests.storage`,
 * `persistentvolumeclaims`, or either per StorageClass) at the workloads'
 * minimum and maximum replicas; undefined for other keys.
 */
export function storageDemand(key: string, namespace: string, templates: readonly ClaimTemplate[]): { atMin: number; atMax: number } | undefined {
  const perClass = CLASS_QUOTA.exec(key);
  const measure = perClass ? perClass[2] : key;
  if (measure !== "requests.storage" && measure !== "persistentvolumeclaims") return undefined;
  let atMin = 0;
  let atMax = 0;
  for (const t of templates) {
    if (t.workload.namespace !== namespace || (perClass && t.storageClass !== perClass[1])) continue;
    const each = measure === "requests.storage" ? t.size : 1;
    atMin += each * t.workload.minReplicas;
    atMax += each * t.workload.maxReplicas;
  }
  return { atMin, atMax };
}

/**
 * What live claims outside the generated StatefulSets' own (`<template>-<statefulset>-<ordinal>`,
 * kept and reused across syncs) count against a storage quota key.
 */
export function storageHeldByOthers(key: string, namespace: string, liveClaims: Record<string, unknown>[], templates: readonly ClaimTemplate[]): number {
  const perClass = CLASS_QUOTA.exec(key);
  const measure = perClass ? perClass[2] : key;
  const own = templates.filter((t) => t.workload.namespace === namespace).map((t) => new RegExp(`^${escape(t.name)}-${escape(t.workload.source.object.metadata.name)}-[0-9]+$`));
  let total = 0;
  for (const claim of liveClaims) {
    const meta = isRecord(claim.metadata) ? claim.metadata : {};
    const spec = isRecord(claim.spec) ? claim.spec : {};
    if (meta.namespace !== namespace || own.some((pattern) => pattern.test(String(meta.name)))) continue;
    if (perClass && spec.storageClassName !== perClass[1]) continue;
    const requests = isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests : {};
    total += measure === "requests.storage" ? (parseQuantity(requests.storage) ?? 0) : 1;
  }
  return total;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
