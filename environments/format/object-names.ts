/**
 * Names of generated objects that a team sets as its guide states them
 * (`backend-hpa`, `ml-api-service`, `production-quota`): per service, per
 * namespace and for the daily Velero Schedule. Unset, every object keeps its
 * generated name. The loader checks that each name is valid for its kind,
 * names an object that is generated, and collides with no other object of
 * the same kind in the namespace.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { FieldPath } from "../source/yaml-source";
import type { Fail } from "./checking";
import { DNS_SUBDOMAIN, NAMESPACE_OBJECT_NAMES, MAX_LABEL_VALUE, Strict } from "./primitives";

/** Service names are RFC 1035 labels: they become DNS names, so they start with a letter. */
const SERVICE_NAME = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
const ObjectName = (what: string) => Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: `name of the ${what} (default: the service's name)` });

export const ServiceObjectNames = Strict(
  {
    service: Type.Optional(Type.String({ pattern: SERVICE_NAME, maxLength: 63, description: "name of the Service (an RFC 1035 label; default: the service's name)" })),
    hpa: Type.Optional(ObjectName("HorizontalPodAutoscaler")),
    vpa: Type.Optional(ObjectName("VerticalPodAutoscaler")),
    pdb: Type.Optional(ObjectName("PodDisruptionBudget")),
    ingress: Type.Optional(ObjectName("Ingress")),
    role: Type.Optional(ObjectName("Role")),
    roleBinding: Type.Optional(ObjectName("RoleBinding")),
  },
  { description: "names of the service's generated objects, where a guide names them otherwise (e.g. hpa: backend-hpa, service: ml-api-service)" },
);

export const NamespaceObjectNames = Strict(
  {
    quota: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: `name of the ResourceQuota (default: ${NAMESPACE_OBJECT_NAMES.quota})` })),
    limitRange: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: `name of the LimitRange (default: ${NAMESPACE_OBJECT_NAMES.limits})` })),
    defaultDeny: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: `name of the deny-all NetworkPolicy (default: ${NAMESPACE_OBJECT_NAMES.defaultDeny})` })),
  },
  { description: "names of the namespace's baseline objects, where a guide names them otherwise (e.g. quota: production-quota)" },
);

/** Velero copies a Schedule's name into a label of each backup: a label value. */
export const BackupScheduleName = Type.String({
  pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
  maxLength: MAX_LABEL_VALUE,
  description: "name of the daily Velero Schedule (default: <platform>-<environment>-daily)",
});

export type ServiceObjectNamesConfig = Static<typeof ServiceObjectNames>;
export type NamespaceObjectNamesConfig = Static<typeof NamespaceObjectNames>;
type ServiceObject = keyof ServiceObjectNamesConfig;

/** The name of one of a service's generated objects: the team's, else the service's own. */
export function serviceObjectName(svc: { name: string; names?: ServiceObjectNamesConfig }, object: ServiceObject): string {
  return svc.names?.[object] ?? svc.name;
}

/** The name of one of a namespace's baseline objects: the team's, else the generated one. */
export function namespaceObjectName(settings: { names?: NamespaceObjectNamesConfig }, object: keyof NamespaceObjectNamesConfig): string {
  return settings.names?.[object] ?? NAMESPACE_OBJECT_NAMES[object === "limitRange" ? "limits" : object];
}

/** What `checkObjectNames` needs of a service: its resolved namespace and the fields deciding which objects exist. */
export interface NamedService {
  name: string;
  namespace: string;
  names?: ServiceObjectNamesConfig;
  configMapName?: string;
  autoscaling?: unknown;
  verticalAutoscaling?: unknown;
  ingress?: unknown;
  rbac?: { rules?: unknown };
  stateful?: unknown;
  service?: { headless?: boolean };
}

interface NamedNamespace {
  owned: boolean;
  quota?: unknown;
  names?: NamespaceObjectNamesConfig;
}

const SERVICE_OBJECTS: Record<ServiceObject, { kind: string; generated: (svc: NamedService) => boolean; unless: string }> = {
  service: { kind: "Service", generated: () => true, unless: "" },
  hpa: { kind: "HorizontalPodAutoscaler", generated: (s) => s.autoscaling !== undefined, unless: "autoscaling is not set" },
  vpa: { kind: "VerticalPodAutoscaler", generated: (s) => s.verticalAutoscaling !== undefined, unless: "verticalAutoscaling is not set" },
  pdb: { kind: "PodDisruptionBudget", generated: () => true, unless: "" },
  ingress: { kind: "Ingress", generated: (s) => s.ingress !== undefined, unless: "ingress is not set" },
  role: { kind: "Role", generated: (s) => s.rbac?.rules !== undefined, unless: "rbac.rules is not set" },
  roleBinding: { kind: "RoleBinding", generated: (s) => s.rbac?.rules !== undefined, unless: "rbac.rules is not set" },
};

/**
 * Every name a team sets: for an object that is generated, and unique among
 * the objects of its kind in its namespace (two would be one object, the last
 * applied winning). Generated names already avoid each other; a collision
 * involves a set name and is reported there.
 */
export function checkObjectNames(namespaces: Record<string, NamedNamespace>, services: readonly NamedService[], fail: Fail): void {
  const taken = new Map<string, { owner: string; path?: FieldPath; shared?: string }>();
  /** `shared`: what makes two claims one object (a Role's rules): equal, the services share it. */
  const claim = (namespace: string, kind: string, name: string, owner: string, path?: FieldPath, shared?: string) => {
    const key = `${namespace}/${kind}/${name}`;
    const earlier = taken.get(key);
    if (earlier === undefined) return void taken.set(key, { owner, ...(path ? { path } : {}), ...(shared !== undefined ? { shared } : {}) });
    if (shared !== undefined && earlier.shared === shared) return;
    // Reported where a name was set: the other object is the one generated under it.
    const [at, other] = path !== undefined ? [path, earlier.owner] : [earlier.path, owner];
    const rule = kind === "Role" ? " (services share a Role only with the same rules)" : "";
    if (at !== undefined) fail(at, `${kind} "${name}" in namespace ${namespace} already belongs to ${other}: names must be unique per kind and namespace${rule}`);
  };
  for (const [namespace, settings] of Object.entries(namespaces)) {
    const at = (object: keyof NamespaceObjectNamesConfig): FieldPath | undefined => (settings.names?.[object] !== undefined ? ["namespaces", namespace, "names", object] : undefined);
    for (const object of Object.keys(settings.names ?? {}) as Array<keyof NamespaceObjectNamesConfig>) {
      if (!settings.owned) fail(["namespaces", namespace, "names", object], "a namespace the environment does not own (owned: false) gets no baseline objects to name");
      if (object === "quota" && settings.quota === undefined) fail(["namespaces", namespace, "names", object], "no ResourceQuota is generated: quota is not set");
    }
    if (!settings.owned) continue;
    if (settings.quota !== undefined) claim(namespace, "ResourceQuota", namespaceObjectName(settings, "quota"), `the namespace's quota`, at("quota"));
    claim(namespace, "LimitRange", namespaceObjectName(settings, "limitRange"), "the namespace's limit range", at("limitRange"));
    claim(namespace, "NetworkPolicy", namespaceObjectName(settings, "defaultDeny"), "the namespace's default deny", at("defaultDeny"));
    claim(namespace, "NetworkPolicy", NAMESPACE_OBJECT_NAMES.allowDns, "the namespace's DNS egress");
  }
  for (const svc of services) {
    const path = (object: ServiceObject): FieldPath | undefined => (svc.names?.[object] !== undefined ? ["services", svc.name, "names", object] : undefined);
    for (const object of Object.keys(svc.names ?? {}) as ServiceObject[]) {
      const { kind, generated, unless } = SERVICE_OBJECTS[object];
      if (!generated(svc)) fail(["services", svc.name, "names", object], `no ${kind} is generated for this service: ${unless}`);
    }
    const owner = `service ${svc.name}`;
    for (const [object, { kind, generated }] of Object.entries(SERVICE_OBJECTS) as Array<[ServiceObject, (typeof SERVICE_OBJECTS)[ServiceObject]]>) {
      // Services naming one Role with the same rules share it (one Role, a RoleBinding each), as guides write it.
      const shared = object === "role" ? JSON.stringify(svc.rbac?.rules) : undefined;
      if (generated(svc)) claim(svc.namespace, kind, serviceObjectName(svc, object), owner, path(object), shared);
    }
    claim(svc.namespace, "NetworkPolicy", svc.name, owner);
    // A StatefulSet's governing Service, unless its own Service is headless and governs it.
    if (svc.stateful !== undefined && !svc.service?.headless) claim(svc.namespace, "Service", `${svc.name}-headless`, owner);
    claim(svc.namespace, "ConfigMap", svc.configMapName ?? `${svc.name}-env`, owner);
  }
}

/** The daily Schedule's name must leave the frequent one (`rpo` under a day) its own. */
export function checkBackupName(backup: { name?: string; rpo?: string }, frequentName: string, fail: Fail): void {
  if (backup.name === frequentName && backup.rpo !== undefined) fail(["backup", "name"], `"${frequentName}" is the frequent Schedule's name (rpo): choose another`);
}
