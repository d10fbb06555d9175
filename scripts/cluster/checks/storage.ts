import type { Finding } from "../findings";
import { describeObject, isRecord, listOf, type GeneratedObject } from "../objects";
import { quantityOf as parseQuantity } from "../../../environments/source/quantity";
import type { Workload } from "../workloads";

/** The annotation that makes a StorageClass the one claims without a class get. */
const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
/** Quota keys of one StorageClass: `<class>.storageclass.storage.k8s.io/requests.storage` and `/persistentvolumeclaims`. */
const CLASS_QUOTA = /^(.+)\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/;

/**
 * Claims the sync asks the cluster for: a StatefulSet's volume claim template
 * (one claim per pod) or a generated PersistentVolumeClaim such as a model's
 * (one claim, whatever the replicas).
 */
export interface VolumeClaim {
  /** The StatefulSet or the PersistentVolumeClaim that asks for the storage. */
  source: GeneratedObject;
  namespace: string;
  /** The template's name, or the claim's own. */
  name: string;
  storageClass?: string;
  /** Bytes each claim requests. */
  size: number;
  /** Claims at the workloads' minimum and maximum replicas. */
  atMin: number;
  atMax: number;
  /** Live claims with such a name are this one's, kept and reused across syncs: the demand counts them already. */
  ownLiveName: RegExp;
}

export function volumeClaimsOf(generated: readonly GeneratedObject[], workloads: readonly Workload[]): VolumeClaim[] {
  const templates = workloads.flatMap((workload) => {
    const spec = workload.source.object.spec;
    const setName = workload.source.object.metadata.name;
    return listOf(isRecord(spec) ? spec.volumeClaimTemplates : undefined).map((template) => {
      const name = isRecord(template.metadata) ? String(template.metadata.name) : "";
      // The StatefulSet controller names each pod's claim `<template>-<statefulset>-<ordinal>`.
      const own = new RegExp(`^${escape(name)}-${escape(setName)}-[0-9]+$`);
      return claimOf(workload.source, workload.namespace, name, template.spec, { atMin: workload.minReplicas, atMax: workload.maxReplicas }, own);
    });
  });
  const standalone = generated
    .filter((g) => g.object.kind === "PersistentVolumeClaim")
    .map((g) => claimOf(g, g.object.metadata.namespace ?? "default", g.object.metadata.name, g.object.spec, { atMin: 1, atMax: 1 }, new RegExp(`^${escape(g.object.metadata.name)}$`)));
  return [...templates, ...standalone];
}

function claimOf(source: GeneratedObject, namespace: string, name: string, spec: unknown, count: { atMin: number; atMax: number }, ownLiveName: RegExp): VolumeClaim {
  const claim = isRecord(spec) ? spec : {};
  const requests = isRecord(claim.resources) && isRecord(claim.resources.requests) ? claim.resources.requests : {};
  const storageClass = typeof claim.storageClassName === "string" ? { storageClass: claim.storageClassName } : {};
  return { source, namespace, name, ...storageClass, size: parseQuantity(requests.storage) ?? 0, ...count, ownLiveName };
}

/** How findings speak of a claim: a StatefulSet volume's claims hold back its pods, a standalone claim those that mount it. */
function wordingOf(c: VolumeClaim): { subject: string; pending: string; setIn: string } {
  return c.source.object.kind === "PersistentVolumeClaim"
    ? { subject: `claim ${c.name}`, pending: "it, and so the pods that mount it, would stay Pending", setIn: "the model's volumeClaim (or cache.volumeClaim)" }
    : { subject: `volume ${c.name}`, pending: "its claims, and so its pods, would stay Pending", setIn: "stateful.volumes" };
}

/** The StorageClasses after the sync (live ones and those it creates), and the one claims naming none get. */
export interface StorageClasses {
  names: Set<string>;
  defaultClass?: string;
}

export function storageClassesOf(generated: readonly GeneratedObject[], liveClasses: Record<string, unknown>[]): StorageClasses {
  const metas = [...liveClasses, ...generated.filter((g) => g.object.kind === "StorageClass").map((g) => g.object as Record<string, unknown>)].map((c) => (isRecord(c.metadata) ? c.metadata : {}));
  // With several defaults the API server gives new claims the most recently created one.
  const defaults = metas
    .filter((m) => isRecord(m.annotations) && m.annotations[DEFAULT_CLASS_ANNOTATION] === "true")
    .sort((a, b) => String(b.creationTimestamp ?? "").localeCompare(String(a.creationTimestamp ?? "")) || String(a.name).localeCompare(String(b.name)));
  return { names: new Set(metas.map((m) => String(m.name))), ...(defaults[0] ? { defaultClass: String(defaults[0].name) } : {}) };
}

/** The claims as the API server stores them: one naming no class gets the default, and counts under its per-class quota keys. */
export function withDefaultClass(claims: readonly VolumeClaim[], classes: StorageClasses): VolumeClaim[] {
  return claims.map((c) => (c.storageClass === undefined && classes.defaultClass !== undefined ? { ...c, storageClass: classes.defaultClass } : c));
}

/**
 * Every claim names a StorageClass the cluster has (or the sync creates), or
 * the cluster has a default class for those that name none: otherwise the
 * claims stay Pending and so do the pods.
 */
export function checkStorageClasses(claims: readonly VolumeClaim[], classes: StorageClasses): Finding[] {
  const { names } = classes;
  const hasDefault = classes.defaultClass !== undefined;
  const findings: Finding[] = [];
  for (const c of claims) {
    const object = describeObject(c.source.object);
    const { subject, pending, setIn } = wordingOf(c);
    if (c.storageClass !== undefined && !names.has(c.storageClass)) {
      findings.push({
        check: "storage",
        severity: "error",
        object,
        file: c.source.file,
        message: `${subject} asks for StorageClass ${c.storageClass}, which the cluster does not have: ${pending}`,
        remedy: `name one of the cluster's StorageClasses (${[...names].sort().join(", ") || "it has none"}) in ${setIn}, or create ${c.storageClass}`,
      });
    } else if (c.storageClass === undefined && !hasDefault) {
      findings.push({
        check: "storage",
        severity: "error",
        object,
        file: c.source.file,
        message: `${subject} names no StorageClass and the cluster has no default one: ${pending}`,
        remedy: `set storageClass in ${setIn}, or mark a StorageClass of the cluster as its default (${DEFAULT_CLASS_ANNOTATION}: "true")`,
      });
    }
  }
  return findings;
}

/** The measure and class (if any) of a storage quota key; undefined for other keys. `count/persistentvolumeclaims` is `persistentvolumeclaims`. */
function storageKey(key: string): { measure: "requests.storage" | "persistentvolumeclaims"; storageClass?: string } | undefined {
  const perClass = CLASS_QUOTA.exec(key);
  if (perClass) return { measure: perClass[2] as "requests.storage" | "persistentvolumeclaims", storageClass: perClass[1]! };
  if (key === "requests.storage") return { measure: key };
  return key === "persistentvolumeclaims" || key === "count/persistentvolumeclaims" ? { measure: "persistentvolumeclaims" } : undefined;
}

/**
 * What the generated claims ask of a storage quota key (`requests.storage`,
 * `persistentvolumeclaims`, or either per StorageClass) at the workloads'
 * minimum and maximum replicas; undefined for other keys.
 */
export function storageDemand(key: string, namespace: string, claims: readonly VolumeClaim[]): { atMin: number; atMax: number } | undefined {
  const storage = storageKey(key);
  if (!storage) return undefined;
  let atMin = 0;
  let atMax = 0;
  for (const c of claims) {
    if (c.namespace !== namespace || (storage.storageClass !== undefined && c.storageClass !== storage.storageClass)) continue;
    const each = storage.measure === "requests.storage" ? c.size : 1;
    atMin += each * c.atMin;
    atMax += each * c.atMax;
  }
  return { atMin, atMax };
}

/** What live claims other than the generated claims' own (reused by the sync) count against a storage quota key. */
export function storageHeldByOthers(key: string, namespace: string, liveClaims: Record<string, unknown>[], claims: readonly VolumeClaim[]): number {
  const storage = storageKey(key);
  if (!storage) return 0;
  const own = claims.filter((c) => c.namespace === namespace).map((c) => c.ownLiveName);
  let total = 0;
  for (const claim of liveClaims) {
    const meta = isRecord(claim.metadata) ? claim.metadata : {};
    const spec = isRecord(claim.spec) ? claim.spec : {};
    if (meta.namespace !== namespace || own.some((pattern) => pattern.test(String(meta.name)))) continue;
    if (storage.storageClass !== undefined && spec.storageClassName !== storage.storageClass) continue;
    const requests = isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests : {};
    total += storage.measure === "requests.storage" ? (parseQuantity(requests.storage) ?? 0) : 1;
  }
  return total;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
