import type { Position } from "../../environments/source/yaml-source";
import { plainKeyReadsAsString } from "../../environments/source/plain-keys";

/**
 * A parser for the plain block-style YAML subset that generated manifests use
 * (block mappings and sequences, plain and one-line quoted scalars, empty
 * flow collections, comments), an order of magnitude faster than a general
 * parser. It returns `undefined` for anything outside that subset (anchors,
 * tags, block or multi-line scalars, flow collections with content,
 * duplicate keys...), and the caller falls back to a complete YAML parser.
 * Scalars resolve with the YAML 1.2 core schema, as Bun.YAML and `yaml` do.
 *
 * It reads the source in place through a table of its content lines (offsets
 * in typed arrays) rather than line objects and line strings: only keys and
 * values are ever cut out of the text.
 */

/** The lines that hold content (not blank, not comments), each as offsets into the source. */
export interface LineTable {
  count: number;
  /** Offset of the first character after the indent. */
  start: Int32Array;
  /** Offset just past the last character that is not a trailing space. */
  end: Int32Array;
  indent: Int32Array;
  /** 1-based line number in the source. */
  number: Int32Array;
  /** 1 when a blank or comment line came before this one (it would end or split a folded scalar). */
  afterGap: Uint8Array;
}

class Unsupported extends Error {}

type Positions = WeakMap<object, Map<string | number, Position>>;

interface State {
  src: string;
  lines: LineTable;
  i: number;
  /** Where each mapping key and sequence item starts, when asked for. */
  positions?: Positions;
}

const unsupported = (): never => {
  throw new Unsupported();
};

/** The parser's own table, reused from file to file: parsing allocates nothing per line. */
let scratch = newLineTable(1024);
/** A table grown for a huge file is not kept for the next one. */
const MAX_SCRATCH_LINES = 1 << 16;

export function parseBlockYaml(source: string): unknown {
  return parseLines(source)?.value;
}

/**
 * The same parse, with a way from a field path to the line and column of its
 * key (or item), or of its closest existing ancestor, like yaml-source's locate.
 */
export function parseBlockYamlWithPositions(source: string): { value: unknown; locate(path: ReadonlyArray<string | number>): Position } | undefined {
  const positions: Positions = new WeakMap();
  const parsed = parseLines(source, positions);
  if (!parsed) return undefined;
  return {
    value: parsed.value,
    locate(path) {
      let node: unknown = parsed.value;
      let at: Position = { line: 1, column: 1 };
      for (const part of path) {
        const here = node !== null && typeof node === "object" ? positions.get(node)?.get(part) : undefined;
        if (!here) break;
        at = here;
        node = (node as Record<string | number, unknown>)[part];
      }
      return at;
    },
  };
}

function parseLines(src: string, positions?: Positions): { value: unknown } | undefined {
  if (src.includes("\t") || src.includes("\r")) return undefined;
  const lines = scanLines(src, scratch);
  if (lines.start.length <= MAX_SCRATCH_LINES) scratch = lines;
  if (lines.count === 0) return { value: null };
  try {
    const st: State = { src, lines, i: 0, ...(positions ? { positions } : {}) };
    const value = parseNode(st, lines.indent[0]!);
    return st.i === lines.count ? { value } : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

function newLineTable(capacity: number): LineTable {
  return {
    count: 0,
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    indent: new Int32Array(capacity),
    number: new Int32Array(capacity),
    afterGap: new Uint8Array(capacity),
  };
}

function grown(table: LineTable): LineTable {
  const bigger = newLineTable(table.start.length * 2);
  bigger.start.set(table.start);
  bigger.end.set(table.end);
  bigger.indent.set(table.indent);
  bigger.number.set(table.number);
  bigger.afterGap.set(table.afterGap);
  return bigger;
}

/** Fills `into` (or a new table) with the source's content lines; returns it, or a bigger one when it was full. */
export function scanLines(source: string, into: LineTable = newLineTable(64)): LineTable {
  let t = into;
  let count = 0;
  let gap = 0;
  let number = 0;
  for (let start = 0; start <= source.length; ) {
    number++;
    let end = source.indexOf("\n", start);
    if (end < 0) end = source.length;
    let first = start;
    while (first < end && source.charCodeAt(first) === 32) first++;
    let last = end;
    while (last > first && source.charCodeAt(last - 1) === 32) last--;
    if (first === last || source.charCodeAt(first) === 35 /* # */) {
      gap = 1;
    } else {
      if (count === t.start.length) t = grown(t);
      t.start[count] = first;
      t.end[count] = last;
      t.indent[count] = first - start;
      t.number[count] = number;
      t.afterGap[count] = gap;
      count++;
      gap = 0;
    }
    start = end + 1;
  }
  t.count = count;
  return t;
}

/** A sequence item: `-` alone or followed by a space. */
export function isSeqItemAt(src: string, from: number, to: number): boolean {
  return src.charCodeAt(from) === 45 /* - */ && (to - from === 1 || src.charCodeAt(from + 1) === 32);
}

function isItemLine(st: State, i: number): boolean {
  return isSeqItemAt(st.src, st.lines.start[i]!, st.lines.end[i]!);
}

function parseNode(st: State, indent: number): unknown {
  if (st.lines.indent[st.i] !== indent) unsupported();
  return isItemLine(st, st.i) ? parseSeq(st, indent) : parseMap(st, indent);
}

/** Value of a key or item whose inline part is empty: a nested block, or null. */
function parseNested(st: State, parentIndent: number, allowSameIndentSeq: boolean): unknown {
  if (st.i >= st.lines.count) return null;
  const indent = st.lines.indent[st.i]!;
  if (indent < parentIndent) return null;
  if (indent > parentIndent) return parseNode(st, indent);
  return allowSameIndentSeq && isItemLine(st, st.i) ? parseSeq(st, parentIndent) : null;
}

function parseMap(st: State, indent: number): Record<string, unknown> {
  const { src, lines } = st;
  const out: Record<string, unknown> = {};
  const positions = st.positions ? new Map<string | number, Position>() : undefined;
  if (positions) st.positions!.set(out, positions);
  while (st.i < lines.count) {
    const i = st.i;
    const lineIndent = lines.indent[i]!;
    if (lineIndent < indent) break;
    const from = lines.start[i]!;
    const to = lines.end[i]!;
    if (lineIndent > indent || isSeqItemAt(src, from, to)) unsupported();
    if (!splitKey(src, from, to)) unsupported();
    const key = entry.key;
    positions?.set(key, { line: lines.number[i]!, column: lineIndent + 1 });
    // Inherited names (constructor, toString...) read as defined too: declining them is fine.
    if (key === "__proto__" || out[key] !== undefined) unsupported();
    // `True:` beside `true:` is a duplicate only a full parser sees.
    if (src[from] !== '"' && src[from] !== "'" && !plainKeyReadsAsString(key)) unsupported();
    st.i++;
    out[key] = entry.restFrom === entry.restTo ? parseNested(st, indent, true) : inlineValue(st, indent, src.slice(entry.restFrom, entry.restTo));
  }
  return out;
}

/** A scalar on the key's or dash's line, folded with the more-indented lines that continue it. */
function inlineValue(st: State, indent: number, text: string): unknown {
  const { src, lines } = st;
  const value = scalar(text);
  let folded: string | undefined;
  for (; st.i < lines.count && lines.indent[st.i]! > indent; st.i++) {
    const plain = typeof value === "string" && !text.startsWith('"') && !text.startsWith("'");
    const next = src.slice(lines.start[st.i]!, lines.end[st.i]!);
    if (!plain || lines.afterGap[st.i] === 1 || next.includes(": ") || next.includes(" #") || next.endsWith(":")) unsupported();
    folded = `${folded ?? text} ${next}`;
  }
  return folded ?? value;
}

function parseSeq(st: State, indent: number): unknown[] {
  const { src, lines } = st;
  const out: unknown[] = [];
  const positions = st.positions ? new Map<string | number, Position>() : undefined;
  if (positions) st.positions!.set(out, positions);
  while (st.i < lines.count) {
    const i = st.i;
    const lineIndent = lines.indent[i]!;
    const from = lines.start[i]!;
    const to = lines.end[i]!;
    if (lineIndent < indent || (lineIndent === indent && !isSeqItemAt(src, from, to))) break;
    if (lineIndent > indent) unsupported();
    const restFrom = itemContentStart(src, from, to);
    // An item's node starts after the dash, or on the next line when it is a nested block.
    if (restFrom === to) {
      const itemLine = i + 1 < lines.count ? i + 1 : i;
      positions?.set(out.length, { line: lines.number[itemLine]!, column: lines.indent[itemLine]! + 1 });
      st.i++;
      out.push(parseNested(st, indent + 1, false));
      continue;
    }
    const restIndent = lineIndent + (restFrom - from);
    positions?.set(out.length, { line: lines.number[i]!, column: restIndent + 1 });
    if (isSeqItemAt(src, restFrom, to)) unsupported();
    if (splitKey(src, restFrom, to)) {
      // A compact mapping: its first key sits on the dash line, which now reads as that key's line.
      lines.start[i] = restFrom;
      lines.indent[i] = restIndent;
      out.push(parseMap(st, restIndent));
    } else {
      st.i++;
      const valueTo = scalarEnd(src, restFrom, to);
      if (valueTo === restFrom) unsupported();
      out.push(inlineValue(st, indent, src.slice(restFrom, valueTo)));
    }
  }
  return out;
}

/** Where an item's content starts: after the dash and the blanks that follow it (`to` when there is none). */
export function itemContentStart(src: string, from: number, to: number): number {
  let at = from + 1;
  while (at < to && src.charCodeAt(at) === 32) at++;
  return at;
}

/** What the last successful splitKey found: the key, and where its inline value is (empty when restFrom === restTo). */
export const entry = { key: "", restFrom: 0, restTo: 0 };

/** Whether src[from, to) is a `key: rest` mapping entry; if so, fills `entry`. */
export function splitKey(src: string, from: number, to: number): boolean {
  let key: string;
  let after: number;
  const first = src.charCodeAt(from);
  if (first === 34 /* " */ || first === 39 /* ' */) {
    if (!readQuoted(src, from, to) || src.charCodeAt(quoted.end) !== 58 /* : */) return false;
    key = quoted.value;
    after = quoted.end + 1;
  } else {
    if (first < 128 && KEY_INDICATORS[first] === 1) return false;
    const colon = findColon(src, from, to);
    if (colon < 0) return false;
    let keyEnd = colon;
    while (src.charCodeAt(keyEnd - 1) === 32) keyEnd--;
    key = src.slice(from, keyEnd);
    if (key.includes(" #")) return false;
    after = colon + 1;
  }
  if (after < to && src.charCodeAt(after) !== 32) return false;
  // Lines come without trailing spaces; only the spaces after the colon remain to skip.
  let start = after;
  while (start < to && src.charCodeAt(start) === 32) start++;
  entry.key = key;
  entry.restFrom = start;
  entry.restTo = start === to ? to : scalarEnd(src, start, to);
  return true;
}

/** Index of the first `:` followed by a space or the end of the line; -1 when there is none. */
function findColon(src: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (src.charCodeAt(i) === 58 /* : */ && (i + 1 === to || src.charCodeAt(i + 1) === 32)) return i;
  }
  return -1;
}

/** Where the scalar that starts at `from` ends: before a trailing ` #` comment, or after its closing quote. */
function scalarEnd(src: string, from: number, to: number): number {
  const first = src.charCodeAt(from);
  if (first === 35 /* # */) return from;
  if (first === 34 /* " */ || first === 39 /* ' */) {
    if (!readQuoted(src, from, to)) unsupported();
    let at = quoted.end;
    while (at < to && src.charCodeAt(at) === 32) at++;
    if (at < to && src.charCodeAt(at) !== 35) unsupported();
    return quoted.end;
  }
  for (let i = from + 1; i < to; i++) {
    if (src.charCodeAt(i) === 35 && src.charCodeAt(i - 1) === 32) {
      let end = i - 1;
      while (src.charCodeAt(end - 1) === 32) end--;
      return end;
    }
  }
  return to;
}

/** What the last successful readQuoted read: the unquoted value and the offset after the closing quote. */
const quoted = { value: "", end: 0 };

/** Reads the one-line quoted scalar at `from` into `quoted`; false when it does not close before `to`. */
function readQuoted(src: string, from: number, to: number): boolean {
  const quote = src.charCodeAt(from);
  let value = "";
  let chunk = from + 1;
  for (let i = from + 1; i < to; i++) {
    const c = src.charCodeAt(i);
    if (quote === 39 /* ' */) {
      if (c !== 39) continue;
      value += src.slice(chunk, i);
      if (src.charCodeAt(i + 1) === 39 && i + 1 < to) {
        value += "'";
        chunk = ++i + 1;
        continue;
      }
      quoted.value = value;
      quoted.end = i + 1;
      return true;
    }
    if (c === 92 /* \ */) {
      value += src.slice(chunk, i);
      const e = src.charCodeAt(++i);
      if (i >= to) unsupported();
      if (e === 34 || e === 92 || e === 47) value += String.fromCharCode(e);
      else if (e === 110) value += "\n";
      else if (e === 116) value += "\t";
      else unsupported();
      chunk = i + 1;
    } else if (c === 34) {
      quoted.value = value + src.slice(chunk, i);
      quoted.end = i + 1;
      return true;
    }
  }
  return false;
}

/** Characters that cannot start a plain key or scalar, as a lookup table by character code. */
const indicatorTable = (chars: string) => {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
};
const KEY_INDICATORS = indicatorTable("[]{}#&*!|>%@`,?:-");
const SCALAR_INDICATORS = indicatorTable("[]{}#&*!|>%@`,?");

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function scalar(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first === 34 /* " */ || first === 39 /* ' */) {
    readQuoted(text, 0, text.length);
    return quoted.value;
  }
  if (text === "{}") return {};
  if (text === "[]") return [];
  const last = text.charCodeAt(text.length - 1);
  if ((first < 128 && SCALAR_INDICATORS[first] === 1) || isSeqItemAt(text, 0, text.length) || last === 58 /* : */ || text.includes(": ")) unsupported();
  switch (text) {
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  // Only text that starts like a number can resolve to one.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return text;
  if (INT.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : unsupported();
  }
  if (FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text) || /^\.(nan|NaN|NAN)$/.test(text) || /^0[ox]/.test(text)) unsupported();
  return text;
}
