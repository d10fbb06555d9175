/**
 * Whether a model reference is pinned, the way an image is: a model URI
 * (object storage, an MLflow registry, a Hugging Face repository), an OCI
 * image reference or a version label. The loader refuses an unpinned one, the
 * charts write the version it names, and the model-pinned policy judges the
 * references it finds in any team's manifests with the same rules.
 */

/** Where a model URI points, by scheme. */
export type ModelUriKind = "object-storage" | "mlflow" | "huggingface";

export const MODEL_URI_SCHEMES: ReadonlyArray<{ prefix: string; kind: ModelUriKind; what: string }> = [
  { prefix: "s3://", kind: "object-storage", what: "S3 or an S3-compatible store such as MinIO" },
  { prefix: "gs://", kind: "object-storage", what: "Google Cloud Storage" },
  { prefix: "models:/", kind: "mlflow", what: "an MLflow registered model" },
  { prefix: "hf://", kind: "huggingface", what: "a Hugging Face repository" },
];

/** A URI that pins its model, and the version it pins. */
export interface PinnedModel {
  kind: ModelUriKind;
  /** `s3` or `gs` for object storage. */
  scheme: string;
  /** Bucket and key, registered model name, or Hugging Face repository. */
  location: string;
  version: string;
}

/** A problem of a URI; `onRevision` when it lies in the revision given beside it. */
export type ModelUriVerdict = PinnedModel | { problem: string; onRevision?: boolean };

/** Names that stay while their content changes: MLflow stages and aliases, branches, `latest`. */
const MOVING = new Set(["latest", "current", "stable", "newest", "head", "main", "master", "production", "staging", "none", "archived", "champion", "challenger"]);
const MLFLOW_STAGES = new Set(["production", "staging", "none", "archived"]);
const VERSION = /^v?[0-9]+([._+-][0-9A-Za-z]+)*$/;
const COMMIT = /^[0-9a-f]{40}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const PIN_EXAMPLES = "a version (e.g. 2026.11.2), a commit (40 hex digits) or a digest (sha256:...)";

/** Why a version label does not pin anything, or undefined when it does. */
export function versionProblem(version: string): string | undefined {
  if (MOVING.has(version.toLowerCase())) return `"${version}" is a moving alias: pin ${PIN_EXAMPLES}`;
  if (VERSION.test(version) || COMMIT.test(version) || DIGEST.test(version)) return undefined;
  return `"${version}" is not a version: pin ${PIN_EXAMPLES}`;
}

/** The scheme of a string that is meant as a model URI, if it is one gitops-forge knows. */
export function modelUriScheme(uri: string): (typeof MODEL_URI_SCHEMES)[number] | undefined {
  return MODEL_URI_SCHEMES.find((s) => uri.startsWith(s.prefix));
}

export const KNOWN_SCHEMES_TEXT = MODEL_URI_SCHEMES.map((s) => `${s.prefix} (${s.what})`).join(", ");

/**
 * Judges a model URI; `revision` is a Hugging Face revision given beside the
 * repository (the URI may carry it instead, as `hf://org/repo@<commit>`).
 */
export function judgeModelUri(uri: string, revision?: string): ModelUriVerdict {
  const scheme = modelUriScheme(uri);
  if (!scheme) {
    const given = /^[a-z][a-z0-9+.-]*:\/*/i.exec(uri)?.[0];
    return { problem: `${given ? `unknown scheme "${given}"` : "not a model URI"}: use ${KNOWN_SCHEMES_TEXT}` };
  }
  const rest = uri.slice(scheme.prefix.length);
  switch (scheme.kind) {
    case "object-storage":
      return objectStorage(scheme.prefix.slice(0, 2), rest);
    case "mlflow":
      return mlflow(rest);
    case "huggingface":
      return huggingFace(rest, revision);
  }
}

/** `s3://bucket/key...`: the path names the version in one of its segments, and no segment moves. */
function objectStorage(scheme: string, rest: string): ModelUriVerdict {
  const [bucket, ...path] = rest.split("/").filter((s) => s !== "");
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return { problem: `"${bucket ?? ""}" is not a bucket name: write ${scheme}://<bucket>/<path>` };
  const moving = path.find((s) => MOVING.has(s.toLowerCase()));
  if (moving) return { problem: `"${moving}" is a moving alias: put ${PIN_EXAMPLES} in the path instead` };
  const version = [...path].reverse().find((s) => VERSION.test(s) || COMMIT.test(s) || DIGEST.test(s));
  if (!version) return { problem: `the path names no version: put ${PIN_EXAMPLES} in it (e.g. ${scheme}://${bucket}/<model>/2026.11.2/)` };
  return { kind: "object-storage", scheme, location: [bucket, ...path].join("/"), version };
}

/** `models:/<name>/<version>`; a stage (`Production`) or an alias (`@champion`) moves. */
function mlflow(rest: string): ModelUriVerdict {
  const alias = /^([^/@]+)@(.+)$/.exec(rest);
  if (alias) return { problem: `MLflow alias "@${alias[2]}" moves when it is reassigned: pin a model version number (models:/${alias[1]}/3)` };
  const [name, version, ...extra] = rest.split("/");
  if (!name) return { problem: "names no registered model: write models:/<name>/<version>" };
  if (version === undefined || version === "") return { problem: `names no version: pin a model version number (models:/${name}/3)` };
  if (MLFLOW_STAGES.has(version.toLowerCase())) return { problem: `MLflow stage "${version}" moves as versions are promoted: pin a model version number (models:/${name}/3)` };
  if (MOVING.has(version.toLowerCase())) return { problem: `"${version}" moves with every new registered version: pin a model version number (models:/${name}/3)` };
  if (!/^[1-9][0-9]*$/.test(version)) return { problem: `"${version}" is not an MLflow model version: pin a version number (models:/${name}/3)` };
  if (extra.length > 0) return { problem: `write models:/<name>/<version> with nothing after the version` };
  return { kind: "mlflow", scheme: "models", location: name, version };
}

/** `hf://<org>/<repo>` at a commit: branches and tags can be moved, a commit cannot. */
function huggingFace(rest: string, revision: string | undefined): ModelUriVerdict {
  const [repo, inUri] = rest.split("@", 2) as [string, string | undefined];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(repo)) return { problem: `"${repo}" is not a Hugging Face repository: write hf://<organisation>/<repository>` };
  if (inUri !== undefined && revision !== undefined) return { problem: "give the revision once: in the URI (@<commit>) or as revision" };
  const pinned = inUri ?? revision;
  if (pinned === undefined) return { problem: "names no revision: pin a commit (40 hex digits), as revision or hf://<repo>@<commit>" };
  if (!COMMIT.test(pinned)) {
    const why = MOVING.has(pinned.toLowerCase()) ? "is a branch, which moves" : "is not a commit (a branch or tag can be moved)";
    return { problem: `revision "${pinned}" ${why}: pin a commit (40 hex digits)`, onRevision: inUri === undefined };
  }
  return { kind: "huggingface", scheme: "hf", location: repo, version: pinned };
}

/** The canonical text of a pinned URI (a Hugging Face revision inside it), as the manifests carry it. */
export function pinnedUri(model: PinnedModel): string {
  if (model.kind === "huggingface") return `hf://${model.location}@${model.version}`;
  if (model.kind === "mlflow") return `models:/${model.location}/${model.version}`;
  return `${model.scheme}://${model.location}`;
}

/** Why an OCI image reference does not pin its content (no tag or digest, or `latest`), or undefined. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(reference)) return undefined;
  const tag = /:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(reference.slice(reference.lastIndexOf("/") + 1))?.[1];
  if (tag === undefined) return "names no tag or digest: pin a version tag or a digest (@sha256:...)";
  if (MOVING.has(tag.toLowerCase())) return `tag "${tag}" moves: pin a version tag or a digest (@sha256:...)`;
  return undefined;
}

/** The version an image reference pins: its digest, else its tag. */
export function imageReferenceVersion(reference: string): string {
  const at = reference.indexOf("@");
  if (at >= 0) return reference.slice(at + 1);
  return reference.slice(reference.lastIndexOf(":") + 1);
}

/** On a model server's pod template: the pinned URI its model is pulled from. */
export const MODEL_URI_ANNOTATION = "gitops-forge.io/model-uri";
/** On a model server's pod template: the model version it loads (the URI's, the image's, or the volume's). */
export const MODEL_VERSION_ANNOTATION = "gitops-forge.io/model-version";
