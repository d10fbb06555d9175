import { NAME_LABEL } from "../../../charts/labels";
import { DNS_SUBDOMAIN } from "../../../environments/schema";

/** Folder of objects that belong to a namespace rather than to one service. */
export const NAMESPACE_FOLDER = "_namespace";
/** Folder of cluster-scoped objects an environment adds (extra manifests); no namespace can take the name. */
export const CLUSTER_FOLDER = "_cluster";

export interface ManifestIdentity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** DNS-1123 subdomains (extra manifests may use dots): no segment can be `..` or hold a slash. */
const SAFE_SEGMENT = new RegExp(DNS_SUBDOMAIN);

/**
 * Where an object lives under `generated/<env>/`, so a reviewer finds it by
 * namespace, then service, then kind:
 *   <namespace>/_namespace/<kind>-<name>.yaml    namespace-wide objects
 *   <namespace>/<service>/<kind>.yaml            a service's objects
 *   <namespace>/<service>/<kind>-<name>.yaml     ... when the name differs from the service
 *   _cluster/<kind>-<name>.yaml                  cluster-scoped extra manifests
 * A Namespace lives in its own folder. Every segment is a DNS-1123 subdomain,
 * so no path can leave the environment folder.
 */
export function manifestPath(object: ManifestIdentity): string {
  const { kind, metadata } = object;
  const namespace = kind === "Namespace" ? metadata.name : metadata.namespace;
  const service = metadata.labels?.[NAME_LABEL];
  for (const segment of [namespace ?? "x", metadata.name, service ?? "x"]) {
    if (!SAFE_SEGMENT.test(segment) || segment.length > 253) throw new Error(`unsafe name in ${kind}/${metadata.name}: ${segment}`);
  }
  const kindName = kind.toLowerCase();
  if (!namespace) return `${CLUSTER_FOLDER}/${kindName}-${metadata.name}.yaml`;
  const folder = service ?? NAMESPACE_FOLDER;
  const file = service === metadata.name ? kindName : `${kindName}-${metadata.name}`;
  return `${namespace}/${folder}/${file}.yaml`;
}
