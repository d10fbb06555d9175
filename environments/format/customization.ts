/**
 * What no typed field foresees: patches to generated objects and extra
 * manifests, as Kustomize and Helm's extraObjects give them, plus the team's
 * own labels and annotations. All of it goes through the same policies.
 */
import { Type } from "@sinclair/typebox";

const LabelKey = Type.String({ pattern: "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", maxLength: 316 });
const LabelValue = Type.String({ pattern: "^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", maxLength: 63 });

/** Labels of the team's own; the generated ones stay authoritative (a key gitops-forge sets is refused). */
export const Labels = (description: string) => Type.Record(LabelKey, LabelValue, { description, default: {} });
export const Annotations = (description: string) =>
  Type.Record(LabelKey, Type.String({ maxLength: 65536 }), { description, default: {} });

const PatchTarget = Type.Object(
  {
    group: Type.Optional(Type.String({ description: "API group ('' for the core group)" })),
    version: Type.Optional(Type.String({ minLength: 1 })),
    kind: Type.Optional(Type.String({ pattern: "^[A-Z][A-Za-z0-9]*$" })),
    name: Type.Optional(Type.String({ minLength: 1, description: "object name; `*` matches any run of characters" })),
    namespace: Type.Optional(Type.String({ minLength: 1 })),
    labelSelector: Type.Optional(
      Type.String({ pattern: "^[^=,!]+=[^=,!]*(,[^=,!]+=[^=,!]*)*$", description: "equality selector, e.g. app.kubernetes.io/name=llm-chat,tier=gpu" }),
    ),
  },
  { additionalProperties: false, minProperties: 1, description: "which objects the patch applies to (all given fields must match)" },
);

const JsonPatchOperation = Type.Object(
  {
    op: Type.Unsafe<"add" | "remove" | "replace" | "move" | "copy" | "test">({ type: "string", enum: ["add", "remove", "replace", "move", "copy", "test"] }),
    path: Type.String({ pattern: "^(/[^/]*)*$", description: "JSON Pointer (RFC 6901)" }),
    value: Type.Optional(Type.Unknown()),
    from: Type.Optional(Type.String({ pattern: "^(/[^/]*)*$" })),
  },
  { additionalProperties: false },
);

export const Patch = Type.Object(
  {
    target: PatchTarget,
    strategic: Type.Optional(Type.Object({}, { additionalProperties: true, description: "strategic merge patch, as kubectl and Kustomize apply it" })),
    merge: Type.Optional(Type.Object({}, { additionalProperties: true, description: "JSON merge patch (RFC 7386)" })),
    json: Type.Optional(Type.Array(JsonPatchOperation, { minItems: 1, description: "JSON Patch (RFC 6902)" })),
    reason: Type.Optional(Type.String({ minLength: 1, description: "why, for reviewers (shown in the pull request)" })),
  },
  { additionalProperties: false, description: "one patch: a target and exactly one of strategic, merge or json" },
);

/** A Kubernetes object given inline; its shape is checked by the loader and the policies. */
export const ExtraManifest = Type.Object(
  {
    apiVersion: Type.String({ minLength: 1 }),
    kind: Type.String({ pattern: "^[A-Z][A-Za-z0-9]*$" }),
    metadata: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true }),
  },
  { additionalProperties: true },
);

/** Top-level environment fields. */
export const CustomizationFields = {
  commonLabels: Labels("labels on every generated object and pod template"),
  commonAnnotations: Annotations("annotations on every generated object and pod template"),
  patches: Type.Array(Patch, { default: [], description: "patches to generated objects (strategic merge, JSON merge or JSON Patch)" }),
  manifests: Type.Array(ExtraManifest, { default: [], description: "extra Kubernetes objects, inline (no Secrets)" }),
  manifestFiles: Type.Array(Type.String({ pattern: "^[^/].*\\.ya?ml$", description: "path relative to environments/" }), {
    default: [],
    uniqueItems: true,
    description: "YAML files of extra Kubernetes objects next to the environment (no Secrets)",
  }),
};

/** Per-service fields. */
export const ServiceCustomizationFields = {
  labels: Labels("labels on every object of the service"),
  annotations: Annotations("annotations on every object of the service"),
  podLabels: Labels("labels on the service's pod template"),
  podAnnotations: Annotations("annotations on the service's pod template"),
};
