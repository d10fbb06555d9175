import { NAME_LABEL } from "../../../charts/labels";
import { CLUSTER_SCOPED_KINDS } from "../../../charts/cluster-scoped";
import { DNS_LABEL } from "../../../environments/schema";

/** Folder of objects that belong to a namespace rather than to one service. */
export const NAMESPACE_FOLDER = "_namespace";
/** Folder of cluster-scoped objects other than Namespaces (not a DNS label, so no namespace can take it). */
export const CLUSTER_FOLDER = "_cluster";

export interface ManifestIdentity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

const SAFE_SEGMENT = new RegExp(DNS_LABEL);

/**
 * Where an object lives under `generated/<env>/`, so a reviewer finds it by
 * namespace, then service, then kind:
 *   <namespace>/_namespace/<kind>-<name>.yaml    namespace-wide objects
 *   <namespace>/<service>/<kind>.yaml            a service's objects
 *   <namespace>/<service>/<kind>-<name>.yaml     ... when the name differs from the service
 * A Namespace lives in its own folder; other cluster-scoped objects in
 * `_cluster/<kind>-<name>.yaml`. Every segment is a DNS-1123 label, so
 * no path can leave the environment folder.
 */
export function manifestPath(object: ManifestIdentity): string {
  const { kind, metadata } = object;
  const namespace = kind === "Namespace" ? metadata.name : metadata.namespace;
  const service = metadata.labels?.[NAME_LABEL];
  if (kind !== "Namespace" && CLUSTER_SCOPED_KINDS.has(kind)) {
    if (!SAFE_SEGMENT.test(metadata.name)) throw new Error(`unsafe name in ${kind}/${metadata.name}`);
    return `${CLUSTER_FOLDER}/${kind.toLowerCase()}-${metadata.name}.yaml`;
  }
  if (!namespace) throw new Error(`${kind}/${metadata.name} has no namespace`);
  for (const segment of [namespace, metadata.name, service ?? "x"]) {
    if (!SAFE_SEGMENT.test(segment) || segment.length > 253) throw new Error(`unsafe name in ${kind}/${metadata.name}: ${segment}`);
  }
  const kindName = kind.toLowerCase();
  const folder = service ?? NAMESPACE_FOLDER;
  const file = service === metadata.name ? kindName : `${kindName}-${metadata.name}`;
  return `${namespace}/${folder}/${file}.yaml`;
}
