/**
 * A fact of a reference platform's deployment guide: the value the guide gives,
 * where it must land in the synthesized manifests, and how it is compared.
 */
import { quantityOf } from "../../environments/source/quantity";

export interface Fact {
  /** The guide's words (a short quote) or section. */
  guide: string;
  /** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
  manifest: string;
  /**
   * Field path: `spec.template.spec.containers[name=server].image`; `[n]` picks
   * an index, `[key=value]` the list item whose key has that value, `["a.b"]` a
   * key with dots or slashes (annotations, labels).
   */
  path: string;
  expected: unknown;
  /**
   * equals (default): deep equality. quantity: the same Kubernetes quantity
   * (2000m = 2). includes: the list holds an item containing every field of
   * `expected`. contains: the string holds `expected`. port: the number, or a
   * named port of the pod that resolves to it.
   */
  match?: "equals" | "quantity" | "includes" | "contains" | "port";
  /** Environment the manifest belongs to (default production). */
  env?: string;
  /** Why the format cannot express the fact yet, with the issue that will: then it is listed, not checked. */
  pending?: string;
}

type Segment = { key: string } | { index: number } | { where: string; equals: string };

/** Splits a fact's path into keys, indexes and `[key=value]` selections. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["([^"]+)"\]|\[([^=\]]+)=([^\]]*)\]/g;
  let consumed = 0;
  for (const match of path.matchAll(pattern)) {
    const between = path.slice(consumed, match.index);
    if (between !== "" && between !== ".") throw new Error(`bad fact path "${path}" at "${between}"`);
    consumed = match.index + match[0].length;
    if (match[1] !== undefined) segments.push({ key: match[1] });
    else if (match[2] !== undefined) segments.push({ index: Number(match[2]) });
    else if (match[3] !== undefined) segments.push({ key: match[3] });
    else segments.push({ where: match[4]!, equals: match[5]! });
  }
  if (consumed !== path.length) throw new Error(`bad fact path "${path}"`);
  return segments;
}

/** The value at a path, or undefined with the first segment that found nothing. */
export function resolvePath(value: unknown, path: string): { value: unknown; missing?: string } {
  let current = value;
  for (const segment of parsePath(path)) {
    if ("key" in segment) {
      current = current !== null && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>)[segment.key] : undefined;
    } else if ("index" in segment) {
      current = Array.isArray(current) ? current[segment.index] : undefined;
    } else {
      current = Array.isArray(current) ? current.find((item) => item !== null && typeof item === "object" && String((item as Record<string, unknown>)[segment.where]) === segment.equals) : undefined;
    }
    if (current === undefined) return { value: undefined, missing: "key" in segment ? segment.key : "index" in segment ? `[${segment.index}]` : `[${segment.where}=${segment.equals}]` };
  }
  return { value: current };
}

/** Every field of `expected` is in `actual` (recursively; lists item by item). */
export function containsAll(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return Object.is(actual, expected);
  if (actual === null || typeof actual !== "object") return false;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((item) => actual.some((candidate) => containsAll(candidate, item)));
  }
  return Object.entries(expected).every(([key, value]) => containsAll((actual as Record<string, unknown>)[key], value));
}

export interface Verdict {
  ok: boolean;
  actual: unknown;
}

/**
 * Judges a fact against the value found at its path. `namedPorts` maps the
 * pod's port names to numbers, for facts about Service targets and
 * NetworkPolicy ports that reference a container port by name.
 */
export function judge(fact: Fact, actual: unknown, namedPorts: Map<string, number>): Verdict {
  switch (fact.match ?? "equals") {
    case "quantity": {
      const a = quantityOf(actual);
      return { ok: a !== undefined && a === quantityOf(fact.expected as string | number), actual };
    }
    case "includes":
      return { ok: Array.isArray(actual) && actual.some((item) => containsAll(item, fact.expected)), actual };
    case "contains":
      return { ok: typeof actual === "string" && actual.includes(String(fact.expected)), actual };
    case "port": {
      const number = typeof actual === "string" ? namedPorts.get(actual) : actual;
      return { ok: number === fact.expected, actual: typeof actual === "string" ? `${actual} (= ${number})` : actual };
    }
    default:
      return { ok: Bun.deepEquals(actual, fact.expected), actual };
  }
}
