/**
 * Extra Kubernetes objects an environment adds (inline `manifests` and
 * `manifestFiles` beside the environment), read with their positions so later
 * errors can point at them. Secrets are refused: their values would land in
 * the GitOps repository; ExternalSecret or SealedSecret objects carry them.
 */
import { readFileSync, statSync } from "node:fs";
import { join, normalize } from "node:path";
import { UserError, UserErrors, collectUserError } from "./source/errors";
import { parseYamlDocuments, type FieldPath } from "./source/yaml-source";
import { DNS_SUBDOMAIN, type EnvironmentConfig, type ExtraManifestSource } from "./schema";
import type { SourceChain } from "./load-environment";

/** Kinds that live outside namespaces; any other kind must name one of the environment's namespaces. */
const CLUSTER_SCOPED = new Set([
  "APIService", "ClusterAnalysisTemplate", "ClusterExternalSecret", "ClusterIssuer", "ClusterRole", "ClusterRoleBinding",
  "ClusterSecretStore", "ClusterTriggerAuthentication", "CSIDriver", "CustomResourceDefinition", "IngressClass",
  "MutatingWebhookConfiguration", "PersistentVolume", "PriorityClass", "RuntimeClass", "StorageClass",
  "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeSnapshotClass",
]);

/** Extra manifest files are configuration, not data sets. */
const MAX_MANIFEST_FILE_BYTES = 4 * 1024 * 1024;

export function readExtraManifests(root: string, dir: string, config: EnvironmentConfig, chain: SourceChain): ExtraManifestSource[] {
  const namespaces = Object.keys(config.namespaces);
  // Every object and file is checked even after one failed: each mistake is reported.
  const errors: UserError[] = [];
  const read: ExtraManifestSource[] = [];
  config.manifests.forEach((object, i) =>
    collectUserError(errors, () => {
      const locate = (path: FieldPath) => ({ ...chain.locate(["manifests", i, ...path]), path: ["manifests", i, ...path].join(".") });
      read.push(checked(object as ExtraManifestSource["object"], locate, namespaces));
    }),
  );
  config.manifestFiles.forEach((relative, i) =>
    collectUserError(errors, () => {
      const at = { ...chain.locate(["manifestFiles", i]), path: `manifestFiles.${i}` };
      const file = normalize(join(dir, relative));
      if (relative.split("/").includes("..")) throw new UserError(`"${relative}" leaves the ${dir}/ folder`, at);
      const text = readManifestFile(root, file, at);
      parseYamlDocuments(file, text).forEach((doc, index) =>
        collectUserError(errors, () => {
          const locate = (path: FieldPath) => ({ file, ...doc.locate(path), path: path.length ? path.join(".") : `document ${index + 1}` });
          if (doc.value === null || typeof doc.value !== "object" || Array.isArray(doc.value)) throw new UserError("must be a Kubernetes object (a mapping)", locate([]));
          read.push(checked(doc.value as ExtraManifestSource["object"], locate, namespaces));
        }),
      );
    }),
  );
  UserErrors.throwIfAny(errors);
  return read;
}

function readManifestFile(root: string, file: string, at: ReturnType<SourceChain["locate"]> & { path: string }): string {
  try {
    const stat = statSync(join(root, file));
    if (!stat.isFile()) throw new UserError(`${file} is not a file`, at);
    if (stat.size > MAX_MANIFEST_FILE_BYTES) throw new UserError(`${file} is larger than ${MAX_MANIFEST_FILE_BYTES / 2 ** 20} MiB`, at);
    return readFileSync(join(root, file), "utf8");
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"})`, at);
  }
}

function checked(object: ExtraManifestSource["object"], locate: ExtraManifestSource["locate"], namespaces: string[]): ExtraManifestSource {
  for (const field of ["apiVersion", "kind"] as const) {
    if (typeof object[field] !== "string" || object[field] === "") throw new UserError(`a Kubernetes object needs ${field}`, locate([]));
  }
  if (typeof object.metadata?.name !== "string") throw new UserError("a Kubernetes object needs metadata.name", locate(["metadata"]));
  if (object.apiVersion === "v1" && object.kind === "Secret") {
    throw new UserError("Secrets never enter the GitOps repository: reference an existing Secret, or add an ExternalSecret or SealedSecret instead", locate(["kind"]));
  }
  const { name, namespace } = object.metadata;
  if (!new RegExp(DNS_SUBDOMAIN).test(name) || name.length > 253) throw new UserError(`"${name}" is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')`, locate(["metadata", "name"]));
  if (CLUSTER_SCOPED.has(object.kind)) {
    if (namespace !== undefined) throw new UserError(`${object.kind} is cluster-scoped: remove metadata.namespace`, locate(["metadata", "namespace"]));
  } else if (namespace === undefined) {
    throw new UserError(`set metadata.namespace to one of the environment's namespaces (${namespaces.join(", ")})`, locate(["metadata"]));
  } else if (!namespaces.includes(namespace as string)) {
    throw new UserError(`namespace "${namespace}" is not one of the environment's namespaces (${namespaces.join(", ")}): Argo CD's AppProject only allows those`, locate(["metadata", "namespace"]));
  }
  return { object, locate };
}
