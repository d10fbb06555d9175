/**
 * A JSON value that many services share but for their names (a service's
 * rule file, its dashboard's ConfigMap data): built once with placeholder
 * names, then filled for each service. A filled value remembers its shape and
 * names, so that rendering it can be done once per shape too
 * (scripts/lib/output/yaml-by-shape.ts). Only the very object `fill` returned
 * is remembered: a copy or an edit of it (a patched manifest is a new object)
 * is rendered as itself.
 */
import { PlaceholderText } from "./placeholder-text";

/** What a filled value is made of. */
export interface FilledShape {
  shape: JsonShape;
  /** The value of each placeholder, in the shape's order. */
  names: readonly string[];
}

/** Makes one part of a filled value from the names. */
type Build = (names: readonly string[]) => unknown;

const filled = new WeakMap<object, FilledShape>();

export class JsonShape {
  /** The value with the placeholder names, as JSON has it. */
  readonly value: unknown;
  private readonly build: Build;
  /** Whether filled values are plain JSON as manifests hold it: no field is null (manifests leave those out). */
  private readonly plain: boolean;

  /** `placeholders` must be words that occur in `value`'s keys and strings only where a name goes. */
  constructor(value: unknown, readonly placeholders: readonly string[]) {
    this.value = JSON.parse(JSON.stringify(value)) as unknown;
    this.build = this.compile(this.value);
    this.plain = !hasNullField(this.value);
  }

  /** A new value: the shape's, with `names[i]` wherever the i-th placeholder is. */
  fill(names: readonly string[]): unknown {
    const value = this.build(names);
    if (this.plain && typeof value === "object" && value !== null) filled.set(value, { shape: this, names });
    return value;
  }

  /**
   * Every object and array is made anew for each value (as JSON.parse would,
   * at a third of the cost of filling the JSON text and parsing it); strings
   * without a placeholder are shared, being immutable.
   */
  private compile(value: unknown): Build {
    if (typeof value === "string") return this.compileText(value);
    if (value === null || typeof value !== "object") return () => value;
    if (Array.isArray(value)) {
      const items = value.map((item) => this.compile(item));
      return (names) => items.map((item) => item(names));
    }
    const keys = Object.keys(value).map((key) => this.compileText(key));
    const values = Object.values(value).map((v) => this.compile(v));
    return (names) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]!(names) as string] = values[i]!(names);
      return out;
    };
  }

  private compileText(text: string): Build {
    if (!this.placeholders.some((p) => text.includes(p))) return () => text;
    // Most are a name alone (a label's value).
    const alone = this.placeholders.indexOf(text);
    if (alone >= 0) return (names) => names[alone];
    const filler = new PlaceholderText(text, this.placeholders);
    return (names) => filler.fill(names);
  }
}

const MAX_SHAPES = 1_000;

/** The shapes of one kind of value, by what the values of a shape share (bounded). */
export class JsonShapes {
  private readonly byKey = new Map<string, JsonShape>();

  constructor(private readonly placeholders: readonly string[]) {}

  /** The value of `key`'s shape filled with `names`; `build(placeholders)` makes the shape's value the first time. */
  fill(key: string, names: readonly string[], build: (placeholders: readonly string[]) => unknown): unknown {
    let shape = this.byKey.get(key);
    if (shape === undefined) {
      shape = new JsonShape(build(this.placeholders), this.placeholders);
      if (this.byKey.size >= MAX_SHAPES) this.byKey.clear();
      this.byKey.set(key, shape);
    }
    return shape.fill(names);
  }
}

/** The shape and names `value` was filled from, if it is a value `JsonShape.fill` returned (plain JSON, never a null field). */
export function filledShapeOf(value: object): FilledShape | undefined {
  return filled.get(value);
}

function hasNullField(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(hasNullField);
  return Object.values(value).some((v) => v === null || hasNullField(v));
}
