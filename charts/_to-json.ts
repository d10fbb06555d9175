import { ApiObject, Lazy } from "cdk8s";
import { filledShapeOf } from "./json-shape";

/** Manifests set whole (edited by an environment's patches or labels): every renderer shows them as given. */
const fixedManifests = new WeakMap<ApiObject, Record<string, unknown>>();

/**
 * Sets an object's manifest whole. cdk8s's own renderer (`cdk8s synth`) calls
 * toJson, and L1 classes re-map JSON patches through their typed props, which
 * drop fields they spell otherwise (clusterIP is clusterIp there) or do not
 * know; so toJson returns the manifest itself.
 */
export function fixManifest(object: ApiObject, manifest: Record<string, unknown>): void {
  fixedManifests.set(object, manifest);
  Object.defineProperty(object, "toJson", { value: () => structuredClone(manifest), configurable: true });
}

/**
 * The manifest of an API object, as `ApiObject.toJson()` renders it, about
 * seven times faster. cdk8s resolves every value through its resolver chain
 * (walking up to the App at each node) and L1 classes then re-map every key
 * with generated code that spreads objects key by key; at 20,000 objects that
 * is most of a synth. Our props are already in Kubernetes JSON form, so one
 * walk that unwraps Lazy values and number-or-string unions (IntOrString,
 * Quantity) gives the same manifest. Objects with JSON patches take cdk8s's
 * own path. A test proves both paths agree on every object we generate.
 */
export function manifestOf(object: ApiObject): Record<string, unknown> {
  const whole = fixedManifests.get(object);
  if (whole) return whole;
  const internals = object as unknown as { props: Record<string, unknown>; patches: unknown[] };
  if (internals.patches.length > 0) return object.toJson();
  const { metadata: _rendered, ...rest } = internals.props;
  const manifest: Record<string, unknown> = {};
  for (const key in rest) {
    const v = rest[key];
    // A field filled from a JsonShape is plain JSON already: kept as it is, so that it is rendered by its shape.
    if (v !== undefined && v !== null) manifest[key] = typeof v === "object" && filledShapeOf(v) ? v : plain(v);
  }
  manifest.metadata = metadataOf(object);
  return manifest;
}

/** `ApiObjectMetadataDefinition.toJson()`: the same fields, empty lists and maps left out. */
function metadataOf(object: ApiObject): Record<string, unknown> {
  const m = object.metadata as unknown as Record<"name" | "namespace" | "labels" | "annotations" | "finalizers" | "ownerReferences" | "_additionalAttributes", unknown>;
  const fields = { ...(m._additionalAttributes as object), name: m.name, namespace: m.namespace, annotations: m.annotations, finalizers: m.finalizers, ownerReferences: m.ownerReferences, labels: m.labels };
  return (withoutEmpty(plain(fields)) ?? {}) as Record<string, unknown>;
}

function withoutEmpty(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutEmpty);
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const key in value) {
    const v = withoutEmpty((value as Record<string, unknown>)[key]);
    if (v !== undefined) {
      out[key] = v;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

function plain(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plain);
  if (value.constructor !== Object) return plain(unwrap(value));
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) out[key] = plain(v);
  }
  return out;
}

function unwrap(value: object): unknown {
  if (value instanceof Lazy) return value.produce();
  const candidate = value as { resolve?: () => unknown; value?: unknown };
  if (typeof candidate.resolve === "function") return candidate.resolve();
  if ("value" in candidate) return candidate.value;
  throw new Error(`cannot render a ${value.constructor.name} in a manifest`);
}
