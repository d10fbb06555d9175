/**
 * YAML of many manifests, where a service's ServiceMonitor and PrometheusRule
 * are rendered once per shape: on a large platform most services' monitoring
 * objects differ only in the service's and namespace's names, and rendering
 * them one by one was most of what monitoring adds to a synth.
 *
 * A manifest's shape is its JSON with those two names replaced by placeholder
 * words; manifests of one shape share a rendering, split at the placeholders
 * and filled with each one's names. The output is byte for byte what `toYaml`
 * writes: names are word-like (see isWordLikeName), the JSON holds no
 * placeholder, no placeholder can appear where none was put, and shapes with
 * a name in a key are rendered directly (keys are sorted, so a name could
 * move one).
 */
import { NAME_LABEL } from "../../../charts/labels";
import { PlaceholderText } from "../../../charts/placeholder-text";
import { filledShapeOf, type JsonShape } from "../../../charts/json-shape";
import { fieldYaml, isWordLikeName, toYaml } from "./yaml";

/** Kinds whose text depends on nothing per service but the two names (and only strings: JSON and YAML agree on them). */
const SHAPED_KINDS = new Set(["ServiceMonitor"]);
// Word-like placeholders whose only "q" leads: one can appear only where it was put.
const SERVICE = "qgitopsforgeservicej";
const NAMESPACE = "qgitopsforgenamespacej";
const PLACEHOLDER = new RegExp(`(${SERVICE}|${NAMESPACE})`);
const MAX_SHAPES = 1_000;

/** What the renderer reads of a manifest to find its shape. */
export interface Named {
  kind: string;
  metadata: { namespace?: string; labels?: Record<string, string> };
}

/** A `toYaml` for the manifests of one folder, with its own shapes. */
export function manifestRenderer(): (manifest: Named) => string {
  /** Shape -> its rendering, or null where a key holds a name. */
  const shapes = new Map<string, PlaceholderText | null>();
  return (manifest) => {
    const service = manifest.metadata.labels?.[NAME_LABEL];
    const namespace = manifest.metadata.namespace;
    if (!SHAPED_KINDS.has(manifest.kind) || !service || !namespace || !isWordLikeName(service) || !isWordLikeName(namespace)) return toYaml(manifest, shapedFieldText);
    const json = JSON.stringify(manifest);
    if (json.includes(SERVICE) || json.includes(NAMESPACE)) return toYaml(manifest);
    const shape = withPlaceholders(json, service, namespace);
    let text = shapes.get(shape);
    if (text === undefined) {
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      const object = JSON.parse(shape) as unknown;
      text = keysHoldPlaceholder(object) ? null : new PlaceholderText(toYaml(object), [SERVICE, NAMESPACE]);
      shapes.set(shape, text);
    }
    return text === null ? toYaml(manifest) : text.fill([service, namespace]);
  };
}

/**
 * Every occurrence of either name in `json` as its placeholder, in one pass
 * over the original text (a placeholder is never searched again). The longer
 * name goes first, so that services whose namespace holds their name still
 * share a shape with the others.
 */
function withPlaceholders(json: string, service: string, namespace: string): string {
  const [first, firstPlaceholder, second, secondPlaceholder] =
    service.length >= namespace.length ? [service, SERVICE, namespace, NAMESPACE] : [namespace, NAMESPACE, service, SERVICE];
  // Two native passes say the same unless the second name can match in or across a placeholder of the first.
  if (!canOverlap(second, firstPlaceholder)) return json.replaceAll(first, firstPlaceholder).replaceAll(second, secondPlaceholder);
  return json
    .split(first)
    .map((part) => part.split(second).join(secondPlaceholder))
    .join(firstPlaceholder);
}

/** Whether an occurrence of `name` could take in all or part of `placeholder`. */
function canOverlap(name: string, placeholder: string): boolean {
  if (placeholder.includes(name) || name.includes(placeholder)) return true;
  for (let k = 1; k < Math.min(name.length, placeholder.length); k++) {
    if (placeholder.startsWith(name.slice(-k)) || placeholder.endsWith(name.slice(0, k))) return true;
  }
  return false;
}

function keysHoldPlaceholder(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(keysHoldPlaceholder);
  return Object.entries(value).some(([key, v]) => PLACEHOLDER.test(key) || keysHoldPlaceholder(v));
}

/** Each shape's field text, or null where it cannot be filled in (see shapedFieldText). */
const fieldTexts = new WeakMap<JsonShape, PlaceholderText | null>();

/** A top-level field filled from a JsonShape, from its shape's text. */
function shapedFieldText(value: unknown): string | undefined {
  const filled = value !== null && typeof value === "object" ? filledShapeOf(value) : undefined;
  if (filled === undefined || !filled.names.every(isWordLikeName)) return undefined;
  let text = fieldTexts.get(filled.shape);
  if (text === undefined) {
    const { value: shaped, placeholders } = filled.shape;
    text = placeholders.every(isWordLikeName) && !keysHold(shaped, placeholders) ? new PlaceholderText(fieldYaml(shaped), placeholders) : null;
    fieldTexts.set(filled.shape, text);
  }
  return text?.fill(filled.names);
}

/** Whether a key that sorts among others holds a placeholder (a name could sort it elsewhere). */
function keysHold(value: unknown, placeholders: readonly string[]): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => keysHold(item, placeholders));
  const keys = Object.keys(value);
  if (keys.length > 1 && keys.some((key) => placeholders.some((p) => key.includes(p)))) return true;
  return Object.values(value).some((v) => keysHold(v, placeholders));
}
