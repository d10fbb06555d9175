import { BUILT_IN_RESOURCES, groupVersion, type ResourceType } from "./resources";
import { CrdValidators } from "./validation";

type Json = Record<string, unknown>;

/** An injected fault: the next `times` matching requests fail this way (forever when unset). */
export interface Fault {
  method?: string;
  path?: RegExp;
  kind: "throttle" | "hang" | "drop" | "unavailable";
  times?: number;
  retryAfterSeconds?: number;
}

/** A validating admission webhook: the denial message (undefined admits) and warnings for admitted objects. */
export interface AdmissionWebhook {
  name: string;
  review(object: Json, request: { namespace?: string; resource: string; dryRun: boolean }): string | undefined;
  warnings?(object: Json): string[];
}

/** An RBAC rule the caller lacks: `verb` on `resource` (plural), optionally in one namespace. */
export interface Denial {
  verb: "get" | "list" | "patch";
  resource: string;
  namespace?: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  status: number;
}

/**
 * The state behind the loopback API server: stored objects of every kind
 * (CRDs, nodes, pods, namespaces, quotas, live workloads), who may do what,
 * faults to inject, and a log of every request.
 */
export class LoopbackCluster {
  readonly objects = new Map<string, Json>();
  readonly log: RequestRecord[] = [];
  readonly crdValidators = new CrdValidators();
  tokens = new Set<string>(["loopback-token"]);
  denials: Denial[] = [];
  faults: Fault[] = [];
  webhooks: AdmissionWebhook[] = [];
  /** Added to every answer, to stand in for the network between a client and a real cluster. */
  latencyMs = 0;
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  private nextVersion = 1;
  /** Served resources, recomputed when a CRD changes (every request needs them). */
  private servedCache: { resources: ResourceType[]; crds: Map<string, Json> } | undefined;

  /** Stores `object` as the API server would: server metadata, defaulted fields, status. */
  add(object: Json): Json {
    const type = this.resourceOf(String(object.apiVersion), String(object.kind));
    if (!type) throw new Error(`loopback cluster does not serve ${object.apiVersion} ${object.kind}`);
    const stored = withServerFields(structuredClone(object), this.nextVersion++);
    this.persist(type, stored);
    return stored;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): Json | undefined {
    return this.objects.get(storeKey(type, type.namespaced ? namespace : undefined, name));
  }

  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    const type = this.resourceOf(apiVersion, kind)!;
    this.objects.delete(storeKey(type, type.namespaced ? namespace : undefined, name));
    if (type.kind === "CustomResourceDefinition") this.servedCache = undefined;
  }

  list(type: ResourceType, namespace?: string): Json[] {
    const prefix = `${type.group}/${type.plural}/`;
    return [...this.objects.entries()]
      .filter(([key, obj]) => key.startsWith(prefix) && (!namespace || metaOf(obj).namespace === namespace))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, obj]) => obj);
  }

  /** Saves an applied object (only a request without dryRun gets here). */
  persist(type: ResourceType, object: Json): void {
    this.objects.set(storeKey(type, metaOf(object).namespace as string | undefined, String(metaOf(object).name)), object);
    if (type.kind === "CustomResourceDefinition") this.servedCache = undefined;
  }

  /** Built-in resources plus every served version of every stored CRD. */
  resources(): ResourceType[] {
    return this.served().resources;
  }

  resourceOf(apiVersion: string, kind: string): ResourceType | undefined {
    return this.resources().find((r) => groupVersion(r) === apiVersion && r.kind === kind);
  }

  crdFor(type: ResourceType): Json | undefined {
    return this.served().crds.get(`${type.group}/${type.plural}`);
  }

  private served() {
    if (this.servedCache) return this.servedCache;
    const resources = [...BUILT_IN_RESOURCES];
    const crds = new Map<string, Json>();
    for (const crd of this.list(BUILT_IN_RESOURCES.find((r) => r.kind === "CustomResourceDefinition")!)) {
      const spec = crd.spec as Json;
      const names = spec.names as Json;
      crds.set(`${spec.group}/${names.plural}`, crd);
      for (const v of (spec.versions as Json[]) ?? []) {
        if (v.served !== true) continue;
        resources.push({ group: String(spec.group), version: String(v.name), kind: String(names.kind), plural: String(names.plural), namespaced: spec.scope === "Namespaced" });
      }
    }
    this.servedCache = { resources, crds };
    return this.servedCache;
  }

  /** Whether any request that was not a dry-run asked to change something. */
  mutatingRequestsWithoutDryRun(): RequestRecord[] {
    return this.log.filter((r) => r.method !== "GET" && r.query.dryRun !== "All");
  }
}

function storeKey(type: Pick<ResourceType, "group" | "plural">, namespace: string | undefined, name: string): string {
  return `${type.group}/${type.plural}/${namespace ?? ""}/${name}`;
}

function metaOf(object: Json): Json {
  return (object.metadata as Json) ?? {};
}

/** Fields the API server adds to every stored object; defaults of the kinds gitops-forge generates. */
export function withServerFields(object: Json, version: number): Json {
  const meta = (object.metadata ??= {}) as Json;
  meta.uid ??= `00000000-0000-4000-8000-${String(version).padStart(12, "0")}`;
  meta.resourceVersion = String(1000 + version);
  meta.creationTimestamp ??= "2026-01-01T00:00:00Z";
  meta.generation ??= 1;
  meta.managedFields ??= [{ manager: "argocd-controller", operation: "Apply", apiVersion: object.apiVersion, time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: {} }];
  const spec = object.spec as Json | undefined;
  if (object.kind === "Deployment" && spec) {
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } };
    const pod = ((spec.template as Json | undefined)?.spec ?? {}) as Json;
    pod.restartPolicy ??= "Always";
    pod.dnsPolicy ??= "ClusterFirst";
    pod.schedulerName ??= "default-scheduler";
    pod.terminationGracePeriodSeconds ??= 30;
    for (const c of (pod.containers as Json[] | undefined) ?? []) {
      c.imagePullPolicy ??= "IfNotPresent";
      c.terminationMessagePath ??= "/dev/termination-log";
      c.terminationMessagePolicy ??= "File";
    }
    object.status ??= { observedGeneration: 1, replicas: spec.replicas, readyReplicas: spec.replicas };
  }
  if (object.kind === "Service" && spec) {
    spec.type ??= "ClusterIP";
    spec.sessionAffinity ??= "None";
    spec.clusterIP ??= `10.96.0.${version % 250}`;
    spec.clusterIPs ??= [spec.clusterIP];
    for (const p of (spec.ports as Json[] | undefined) ?? []) p.protocol ??= "TCP";
  }
  if (object.kind === "Namespace") {
    ((meta.labels ??= {}) as Json)["kubernetes.io/metadata.name"] = meta.name;
    object.spec ??= { finalizers: ["kubernetes"] };
    object.status ??= { phase: "Active" };
  }
  return object;
}
