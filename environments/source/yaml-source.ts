import type { Document, LineCounter, Node, Pair, YAMLMap } from "yaml";
import { UserError } from "./errors";
import { needsStrictParse } from "./_duplicate-key-scan";
import { checkNesting } from "./nesting";

/** A document separator after the first line: several documents, left to the strict parser. */
const SEPARATOR_AFTER_START = /\n---(\s|$)/;
/** Keys that would reach Object.prototype when the document becomes a JS object. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** An alias bomb expands a few lines into gigabytes; real configs use few aliases. */
const MAX_ALIAS_COUNT = 100;
/** Tags of the YAML core schema: they only restate a type. Any other tag asks for something a config cannot give. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export type FieldPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** One YAML document, its plain value and a way back from a field path to its line. */
export interface SourceDocument {
  file: string;
  value: unknown;
  /** Position of the node at `path`, or of its closest existing ancestor. */
  locate(path: FieldPath): Position;
}

/**
 * Parses YAML text, refusing what a config file must never contain: syntax
 * errors, duplicate keys, alias bombs, prototype-polluting keys. Errors name
 * file, line and column (exit 2). Plain documents go through Bun's native
 * parser (some 20x faster); positions are then worked out only when asked for.
 */
export function parseYamlDocuments(file: string, text: string): SourceDocument[] {
  checkNesting(file, text);
  const fast = typeof Bun !== "undefined" && !SEPARATOR_AFTER_START.test(text) && !needsStrictParse(text);
  if (fast) {
    let value: unknown;
    try {
      value = Bun.YAML.parse(text);
    } catch {
      return parseStrict(file, text); // to find and place the error
    }
    if (value === null || value === undefined) return [];
    let strict: SourceDocument | undefined;
    const locate = (path: FieldPath) => (strict ??= parseStrict(file, text)[0]!).locate(path);
    rejectForbiddenValueKeys(file, value, locate);
    return [{ file, value, locate }];
  }
  return parseStrict(file, text);
}

/** The `yaml` package, loaded only when a file needs positions or the strict parser. */
const yaml = () => require("yaml") as typeof import("yaml");

function parseStrict(file: string, text: string): SourceDocument[] {
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  // Duplicate keys are refused below, in linear time (the parser's own check compares every pair of keys of a mapping).
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  // parseAllDocuments returns an EmptyStream (not an array) for empty input.
  if (!Array.isArray(docs)) return [];
  const out: SourceDocument[] = [];
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) {
      const pos = lineCounter.linePos(problem.pos[0]);
      throw new UserError(firstLine(problem.message), { file, line: pos.line, column: pos.col });
    }
    if (doc.contents === null) continue;
    rejectForbiddenKeys(file, text, doc, lineCounter);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const pos = lineCounter.linePos(firstAliasOffset(doc) ?? 0);
      throw new UserError(`cannot expand YAML aliases: ${firstLine(message)}`, { file, line: pos.line, column: pos.col });
    }
    if (value === null || value === undefined) continue;
    out.push({ file, value, locate: (path) => locateIn(doc, lineCounter, path) });
  }
  return out;
}

/** Where the document's first alias is: an alias bomb is pointed at there, not at the top of the file. */
function firstAliasOffset(doc: Document): number | undefined {
  const { visit } = yaml();
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** A file that must hold exactly one mapping (environment files, policy files). */
export function parseYamlMapping(file: string, text: string): SourceDocument {
  const docs = parseYamlDocuments(file, text);
  if (docs.length === 0) throw new UserError("file is empty", { file, line: 1, column: 1 });
  if (docs.length > 1) throw new UserError("expected one YAML document, found several", { file, line: 1, column: 1 });
  const doc = docs[0]!;
  if (doc.value === null || typeof doc.value !== "object" || Array.isArray(doc.value)) {
    throw new UserError("expected a mapping at the top level", { file, ...doc.locate([]) });
  }
  return doc;
}

/** Points at the key of a mapping entry (where a reader looks), else at the node. */
function locateIn(doc: Document, lineCounter: LineCounter, path: FieldPath): Position {
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = depth > 0 ? keyOffset(doc, path.slice(0, depth)) : nodeOffset(doc.contents);
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function keyOffset(doc: Document, path: FieldPath): number | undefined {
  const { isMap, isSeq } = yaml();
  const parent = nodeAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    const pair = pairsOf(parent).get(last);
    return pair ? nodeOffset(pair.key) : undefined;
  }
  const index = itemIndex(last);
  if (isSeq(parent) && index !== undefined) return nodeOffset(parent.items[index]);
  return undefined;
}

/** The node at `path` (aliases not followed), or undefined. */
function nodeAt(doc: Document, path: FieldPath): unknown {
  const { isMap, isSeq } = yaml();
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) node = pairsOf(node).get(key)?.value;
    else if (isSeq(node)) node = node.items[itemIndex(key) ?? -1];
    else return undefined;
  }
  return node ?? undefined;
}

/** Schema errors name list items by their index as text ("0"). */
function itemIndex(key: string | number): number | undefined {
  return typeof key === "number" ? key : /^[0-9]+$/.test(key) ? Number(key) : undefined;
}

/** Each mapping's pairs by key, indexed once: locating thousands of errors in a large mapping stays linear. */
const pairIndex = new WeakMap<YAMLMap, Map<unknown, Pair>>();

function pairsOf(map: YAMLMap): Map<unknown, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    const { isScalar } = yaml();
    index = new Map();
    for (const pair of map.items as Pair[]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (!index.has(key)) index.set(key, pair);
    }
    pairIndex.set(map, index);
  }
  return index;
}

function nodeOffset(node: unknown): number | undefined {
  return node && typeof node === "object" && "range" in node ? (node as Node).range?.[0] : undefined;
}

/** Refuses duplicate keys (also those that turn into others), tags and prototype keys, each at its line. */
function rejectForbiddenKeys(file: string, text: string, doc: Document, lineCounter: LineCounter): void {
  const { isMap, isScalar, isSeq } = yaml();
  const at = (node: unknown) => {
    const pos = lineCounter.linePos(nodeOffset(node) ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const written = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return range ? text.slice(range[0], range[1]) : undefined;
  };
  const visit = (node: unknown): void => {
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) throw new UserError(`YAML tag "${tag.replace(/^tag:yaml\.org,2002:/, "!!")}" is not supported: write the plain value`, at(node));
    if (isMap(node)) {
      // Keys that differ in spelling but not in value (`true`/`True`, `1`/`0x1`) collide once the file is read.
      const seen = new Map<string, unknown>();
      for (const pair of node.items) {
        visit(pair.key);
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const first = seen.get(String(key));
        if (first !== undefined) {
          const spelling = written(first) === written(pair.key) ? "" : " (written differently, read the same)";
          throw new UserError(`duplicate key "${String(key)}"${spelling}: map keys must be unique`, at(pair.key));
        }
        seen.set(String(key), pair.key);
        if (typeof key === "string" && FORBIDDEN_KEYS.has(key)) {
          const offset = isScalar(pair.key) ? pair.key.range?.[0] ?? 0 : 0;
          const pos = lineCounter.linePos(offset);
          throw new UserError(`key "${key}" is not allowed`, { file, line: pos.line, column: pos.col });
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(visit);
    }
    // Aliases need no visit: they point at nodes checked where they are defined.
  };
  visit(doc.contents);
}

function rejectForbiddenValueKeys(file: string, value: unknown, locate: (path: FieldPath) => Position, path: Array<string | number> = []): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => rejectForbiddenValueKeys(file, item, locate, [...path, i]));
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new UserError(`key "${key}" is not allowed`, { file, ...locate([...path, key]) });
    rejectForbiddenValueKeys(file, (value as Record<string, unknown>)[key], locate, [...path, key]);
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}
