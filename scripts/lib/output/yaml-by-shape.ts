/**
 * YAML of manifests whose top-level fields may be filled from a shape
 * (charts/json-shape.ts): a service's rule file, ServiceMonitor spec and
 * dashboard data are the same for many services but for their names, and
 * rendering them one by one was most of what monitoring adds to a synth.
 * Such a field is written from its shape's YAML, rendered once and split at
 * the placeholders, filled with the service's names.
 *
 * The output is byte for byte what `toYaml` writes: the names and the
 * placeholders are word-like (see isWordLikeName), so how each string is
 * written does not depend on which of them it holds; no key that sorts among
 * others holds a placeholder (keys are sorted, so a name could move one); and
 * YAML adds no letters around a placeholder, so none appears where none was.
 */
import { filledShapeOf, type JsonShape } from "../../../charts/json-shape";
import { PlaceholderText } from "../../../charts/placeholder-text";
import { fieldYaml, isWordLikeName, toYaml } from "./yaml";

/** `toYaml`, with the fields filled from a shape written from their shape's text. */
export function renderManifest(manifest: object): string {
  return toYaml(manifest, shapedFieldText);
}

/** Each shape's field text, or null where names cannot be filled in (see above). */
const fieldTexts = new WeakMap<JsonShape, PlaceholderText | null>();

function shapedFieldText(value: unknown, out: string[]): boolean {
  const filled = value !== null && typeof value === "object" ? filledShapeOf(value) : undefined;
  if (filled === undefined || !filled.names.every(isWordLikeName)) return false;
  let text = fieldTexts.get(filled.shape);
  if (text === undefined) {
    const { value: shaped, placeholders } = filled.shape;
    text = placeholders.every(isWordLikeName) && !keysHold(shaped, placeholders) ? new PlaceholderText(fieldYaml(shaped), placeholders) : null;
    fieldTexts.set(filled.shape, text);
  }
  text?.fillInto(filled.names, out);
  return text !== null;
}

/** Whether a key that sorts among others holds a placeholder. */
function keysHold(value: unknown, placeholders: readonly string[]): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => keysHold(item, placeholders));
  const keys = Object.keys(value);
  if (keys.length > 1 && keys.some((key) => placeholders.some((p) => key.includes(p)))) return true;
  return Object.values(value).some((v) => keysHold(v, placeholders));
}
