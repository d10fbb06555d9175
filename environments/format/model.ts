/**
 * Where a model server's model comes from (`model`): a PersistentVolumeClaim
 * mounted read-only, a URI (object storage, an MLflow registry, a Hugging
 * Face repository) pulled by an init container into the model cache, or an
 * OCI image mounted as a volume. Left out, the server fills its emptyDir model
 * cache itself, as before. Whatever the source, its version is pinned.
 */
import { Type, type Static } from "@sinclair/typebox";
import { Choice, DNS_SUBDOMAIN, ENV_NAME, Quantity, Strict } from "./primitives";
import { ObjectName } from "./container-env";
import { MODEL_SERVING } from "./component";
import type { At, Fail } from "./checking";
import { imageReferenceProblem, judgeModelUri, modelUriScheme, versionProblem } from "./model-reference";

export const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"] as const;

/** Said of any field a Secret reference has not: a literal would land in Git. */
const SECRET_REFERENCES_ONLY = "credentials come from Secret references only (secret, or env entries of name, secret and key): a value written here would land in Git";

const VolumeClaim = (description: string, defaultModes: string) =>
  Strict(
    {
      name: Type.Optional(ObjectName("an existing PersistentVolumeClaim in the namespace (or size, for one gitops-forge writes)")),
      size: Type.Optional(Quantity("storage requested by the claim gitops-forge writes, e.g. 50Gi")),
      storageClass: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "StorageClass of the claim gitops-forge writes (default: the cluster's default class)" })),
      accessModes: Type.Optional(
        Type.Array(Choice(ACCESS_MODES), { minItems: 1, uniqueItems: true, description: `access modes of the claim gitops-forge writes (default [${defaultModes}])` }),
      ),
      fromSnapshot: Type.Optional(ObjectName("VolumeSnapshot the claim gitops-forge writes is restored from, so that it starts with the model")),
    },
    { description },
  );

const CredentialVariable = Strict(
  {
    name: Type.String({ pattern: ENV_NAME, description: "environment variable of the init container, e.g. AWS_ACCESS_KEY_ID" }),
    // Not required by the schema: a literal `value` in their place is reported as that alone (the loader asks for both).
    secret: Type.Optional(ObjectName("existing Secret in the namespace")),
    key: Type.Optional(Type.String({ pattern: "^[-._a-zA-Z0-9]+$", description: "key inside the Secret" })),
  },
  { unknownFieldMessage: SECRET_REFERENCES_ONLY },
);

const Credentials = Strict(
  {
    secret: Type.Optional(ObjectName("existing Secret whose keys all become variables of the init container (envFrom)")),
    env: Type.Optional(Type.Array(CredentialVariable, { minItems: 1, description: "variables of the init container read from Secret keys" })),
  },
  { description: "what the init container authenticates with: Secret references only", unknownFieldMessage: SECRET_REFERENCES_ONLY },
);

const Puller = Strict(
  {
    image: Type.Optional(
      Type.String({
        pattern: "^[a-z0-9]+([._/:-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$",
        description: "image of the init container (default: rclone for object storage, MLflow's for models:/; required for hf://), pinned by tag or digest",
      }),
    ),
    resources: Type.Optional(
      Strict({ cpu: Quantity("CPU of the init container, request and limit"), memory: Quantity("memory of the init container, request and limit") }, { description: "default 500m CPU and 1Gi memory" }),
    ),
  },
  { description: "the init container that pulls the model" },
);

export const Model = Strict(
  {
    volumeClaim: Type.Optional(VolumeClaim("the model lives on a PersistentVolumeClaim, mounted read-only at the model cache path", "ReadOnlyMany")),
    subPath: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", maxLength: 1024, description: "folder of the volume to mount (e.g. churn/2026.11.2)" })),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "the model version the volume holds (a URI or an image names its own)" })),
    uri: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2048, description: "pulled by an init container: s3://, gs:// (with endpoint: MinIO), models:/<name>/<version> (MLflow), hf://<org>/<repo> (Hugging Face)" }),
    ),
    revision: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "Hugging Face revision: a commit (40 hex digits)" })),
    endpoint: Type.Optional(Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2048, description: "S3-compatible endpoint for s3:// (MinIO), e.g. http://minio.storage.svc:9000" })),
    trackingUri: Type.Optional(Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2048, description: "MLflow tracking server for models:/ URIs" })),
    credentials: Type.Optional(Credentials),
    puller: Type.Optional(Puller),
    cache: Type.Optional(
      Strict({ volumeClaim: VolumeClaim("a PersistentVolumeClaim as the model cache (default: an emptyDir of modelCache.sizeLimit)", "ReadWriteMany") }, { description: "where the init container pulls the model to" }),
    ),
    image: Type.Optional(
      Strict(
        {
          reference: Type.String({ minLength: 1, maxLength: 1024, description: "OCI image or artifact holding the model, pinned by version tag or digest" }),
          pullPolicy: Choice(["IfNotPresent", "Always", "Never"] as const, { default: "IfNotPresent" }),
        },
        { description: "an OCI image volume mounted read-only at the model cache path (Kubernetes 1.31+, ImageVolume feature)" },
      ),
    ),
  },
  { description: "where the model comes from: exactly one of volumeClaim, uri, image (default: the server fills its model cache itself)" },
);

export type ModelConfig = Static<typeof Model>;
export type VolumeClaimConfig = NonNullable<ModelConfig["volumeClaim"]>;

const SOURCES = ["volumeClaim", "uri", "image"] as const;
const FIELDS_OF: Record<(typeof SOURCES)[number], ReadonlyArray<keyof ModelConfig>> = {
  volumeClaim: ["subPath", "version"],
  uri: ["revision", "endpoint", "trackingUri", "credentials", "puller", "cache"],
  image: [],
};

/** What the schema cannot say: one source, fields that belong to it, pinned versions, claims that make sense. */
export function checkModel(model: ModelConfig, component: string, at: At, fail: Fail): void {
  if (component !== MODEL_SERVING) fail(at("model"), `only model servers load a model: component is "${component}"`);
  const given = SOURCES.filter((s) => model[s] !== undefined);
  if (given.length !== 1) fail(at("model"), `set exactly one of ${SOURCES.join(", ")}${given.length ? ` (got ${given.join(" and ")})` : ""}`);
  const source = given[0]!;
  for (const other of SOURCES.filter((s) => s !== source)) {
    for (const field of FIELDS_OF[other]) if (model[field] !== undefined) fail(at("model", field), `belongs to a model from ${other}, and this one comes from ${source}`);
  }
  if (model.volumeClaim) {
    checkClaim(model.volumeClaim, (...rest) => at("model", "volumeClaim", ...rest), fail);
    if (model.version !== undefined) {
      const problem = versionProblem(model.version);
      if (problem) fail(at("model", "version"), problem);
    }
  }
  if (model.uri !== undefined) checkUri(model, at, fail);
  if (model.image) {
    const problem = imageReferenceProblem(model.image.reference);
    if (problem) fail(at("model", "image", "reference"), problem);
  }
}

function checkClaim(claim: VolumeClaimConfig, at: At, fail: Fail, cache = false): void {
  if ((claim.name === undefined) === (claim.size === undefined)) {
    fail(claim.name === undefined ? at() : at("size"), "give name (an existing claim) or size (a claim gitops-forge writes), not both or neither");
  }
  if (claim.name !== undefined) {
    for (const field of ["storageClass", "accessModes", "fromSnapshot"] as const) {
      if (claim[field] !== undefined) fail(at(field), `applies to a claim gitops-forge writes (size); "${claim.name}" exists already`);
    }
  }
  if (cache && claim.accessModes?.includes("ReadOnlyMany")) fail(at("accessModes"), "the init container writes the cache: ReadOnlyMany cannot be written (use ReadWriteMany for a cache shared by replicas)");
}

function checkUri(model: ModelConfig, at: At, fail: Fail): void {
  const uri = model.uri!;
  const verdict = judgeModelUri(uri, model.revision);
  if ("problem" in verdict) fail(at("model", verdict.onRevision && model.revision !== undefined ? "revision" : "uri"), verdict.problem);
  const kind = modelUriScheme(uri)!.kind;
  if (model.revision !== undefined && kind !== "huggingface") fail(at("model", "revision"), "applies to a Hugging Face repository (hf://)");
  if (model.endpoint !== undefined && !uri.startsWith("s3://")) fail(at("model", "endpoint"), "applies to s3:// URIs (an S3-compatible store such as MinIO)");
  if (kind === "mlflow" && model.trackingUri === undefined) fail(at("model", "uri"), "models:/ URIs are resolved by an MLflow tracking server: set trackingUri");
  if (model.trackingUri !== undefined && kind !== "mlflow") fail(at("model", "trackingUri"), "applies to MLflow models:/ URIs");
  for (const field of ["endpoint", "trackingUri"] as const) {
    if (/^https?:\/\/[^/]*@/.test(model[field] ?? "")) fail(at("model", field), "holds credentials, and the URL lands in Git: give them as Secret references (credentials)");
  }
  if (kind === "huggingface" && model.puller?.image === undefined) fail(at("model", "puller"), "Hugging Face publishes no downloader image: set puller.image to one with huggingface-cli");
  const image = model.puller?.image;
  if (image !== undefined && !/(@sha256:|:[^/:]+$)/.test(image)) fail(at("model", "puller", "image"), "pin the image with a tag or a digest");
  if (model.credentials) {
    if (!model.credentials.secret && !model.credentials.env) fail(at("model", "credentials"), "name a Secret (secret) or Secret keys (env)");
    const names = new Set<string>();
    for (const [i, variable] of (model.credentials.env ?? []).entries()) {
      if (variable.secret === undefined || variable.key === undefined) fail(at("model", "credentials", "env", i), "name the Secret (secret) and its key (key) the variable is read from");
      if (names.has(variable.name)) fail(at("model", "credentials", "env", i, "name"), `environment variable "${variable.name}" is set twice`);
      names.add(variable.name);
    }
  }
  if (model.cache) checkClaim(model.cache.volumeClaim, (...rest) => at("model", "cache", "volumeClaim", ...rest), fail, true);
}
