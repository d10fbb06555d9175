import type { Position } from "../../scripts/lib/yaml-source";

/**
 * A parser for the plain block-style YAML subset that generated manifests use
 * (block mappings and sequences, plain and one-line quoted scalars, empty
 * flow collections, comments), an order of magnitude faster than a general
 * parser. It returns `undefined` for anything outside that subset (anchors,
 * tags, block or multi-line scalars, flow collections with content,
 * duplicate keys...), and the caller falls back to a complete YAML parser.
 * Scalars resolve with the YAML 1.2 core schema, as Bun.YAML and `yaml` do.
 */

export interface Line {
  /** 1-based line number in the source. */
  number: number;
  indent: number;
  text: string;
  /** A blank or comment line came before this one (it would end or split a folded scalar). */
  afterGap?: boolean;
}

class Unsupported extends Error {}

type Positions = WeakMap<object, Map<string | number, Position>>;

interface State {
  lines: Line[];
  i: number;
  /** Where each mapping key and sequence item starts, when asked for. */
  positions?: Positions;
}

const unsupported = (): never => {
  throw new Unsupported();
};

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

function parseLines(source: string, positions?: Positions): { value: unknown } | undefined {
  if (source.includes("\t") || source.includes("\r")) return undefined;
  const lines = contentLines(source);
  if (lines.length === 0) return { value: null };
  try {
    const st: State = { lines, i: 0, ...(positions ? { positions } : {}) };
    const value = parseNode(st, lines[0]!.indent);
    return st.i === lines.length ? { value } : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** The lines that hold content (not blank, not comments), each without its indent and trailing spaces. */
export function contentLines(source: string): Line[] {
  const lines: Line[] = [];
  let gap = false;
  let number = 0;
  for (let start = 0; start <= source.length; ) {
    number++;
    let end = source.indexOf("\n", start);
    if (end < 0) end = source.length;
    let indent = start;
    while (indent < end && source.charCodeAt(indent) === 32) indent++;
    let last = end;
    while (last > indent && source.charCodeAt(last - 1) === 32) last--;
    if (indent === last || source.charCodeAt(indent) === 35 /* # */) {
      gap = true;
    } else {
      const line: Line = { number, indent: indent - start, text: source.slice(indent, last) };
      if (gap) line.afterGap = true;
      lines.push(line);
      gap = false;
    }
    start = end + 1;
  }
  return lines;
}

export function isSeqItem(text: string): boolean {
  return text.charCodeAt(0) === 45 /* - */ && (text.length === 1 || text.charCodeAt(1) === 32);
}

function parseNode(st: State, indent: number): unknown {
  const line = st.lines[st.i]!;
  if (line.indent !== indent) unsupported();
  return isSeqItem(line.text) ? parseSeq(st, indent) : parseMap(st, indent);
}

/** Value of a key or item whose inline part is empty: a nested block, or null. */
function parseNested(st: State, parentIndent: number, allowSameIndentSeq: boolean): unknown {
  const next = st.lines[st.i];
  if (!next || next.indent < parentIndent) return null;
  if (next.indent > parentIndent) return parseNode(st, next.indent);
  return allowSameIndentSeq && isSeqItem(next.text) ? parseSeq(st, parentIndent) : null;
}

function parseMap(st: State, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  st.positions?.set(out, new Map());
  while (st.i < st.lines.length) {
    const line = st.lines[st.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent || isSeqItem(line.text)) unsupported();
    const entry = splitKey(line.text) ?? unsupported();
    const [key, rest] = entry;
    st.positions?.get(out)?.set(key, { line: line.number, column: line.indent + 1 });
    // Inherited names (constructor, toString...) read as defined too: declining them is fine.
    if (key === "__proto__" || out[key] !== undefined) unsupported();
    st.i++;
    if (rest === "") {
      out[key] = parseNested(st, indent, true);
    } else {
      out[key] = inlineValue(st, indent, rest);
    }
  }
  return out;
}

/** A scalar on the key's or dash's line, folded with the more-indented lines that continue it. */
function inlineValue(st: State, indent: number, text: string): unknown {
  const value = scalar(text);
  let folded: string | undefined;
  for (let next = st.lines[st.i]; next && next.indent > indent; next = st.lines[++st.i]) {
    const plain = typeof value === "string" && !text.startsWith('"') && !text.startsWith("'");
    if (!plain || next.afterGap || next.text.includes(": ") || next.text.includes(" #") || next.text.endsWith(":")) unsupported();
    folded = `${folded ?? text} ${next.text}`;
  }
  return folded ?? value;
}

function parseSeq(st: State, indent: number): unknown[] {
  const out: unknown[] = [];
  st.positions?.set(out, new Map());
  while (st.i < st.lines.length) {
    const line = st.lines[st.i]!;
    if (line.indent < indent || (line.indent === indent && !isSeqItem(line.text))) break;
    if (line.indent > indent) unsupported();
    const rest = line.text === "-" ? "" : line.text.slice(2).trimStart();
    // An item's node starts after the dash, or on the next line when it is a nested block.
    const itemLine = rest === "" ? (st.lines[st.i + 1] ?? line) : line;
    const itemColumn = rest === "" ? itemLine.indent + 1 : line.indent + (line.text.length - rest.length) + 1;
    st.positions?.get(out)?.set(out.length, { line: itemLine.number, column: itemColumn });
    if (rest === "") {
      st.i++;
      out.push(parseNested(st, indent + 1, false));
    } else if (isSeqItem(rest)) {
      unsupported();
    } else if (splitKey(rest)) {
      // A compact mapping: its first key sits on the dash line.
      st.lines[st.i] = { number: line.number, indent: line.indent + (line.text.length - rest.length), text: rest };
      out.push(parseMap(st, st.lines[st.i]!.indent));
    } else {
      st.i++;
      out.push(inlineValue(st, indent, rest));
    }
  }
  return out;
}

/** `key: rest` with the key unquoted; undefined when the text is not a mapping entry. */
export function splitKey(text: string): [string, string] | undefined {
  let key: string;
  let after: number;
  const first = text[0]!;
  if (first === '"' || first === "'") {
    const quoted = readQuoted(text);
    if (!quoted || text[quoted.end] !== ":") return undefined;
    key = quoted.value;
    after = quoted.end + 1;
  } else {
    if (isIndicator(KEY_INDICATORS, text)) return undefined;
    const colon = findColon(text);
    if (colon < 0) return undefined;
    key = text.charCodeAt(colon - 1) === 32 ? text.slice(0, colon).trimEnd() : text.slice(0, colon);
    if (key.includes(" #")) return undefined;
    after = colon + 1;
  }
  if (after >= text.length) return [key, ""];
  if (text.charCodeAt(after) !== 32) return undefined;
  // Lines come without trailing spaces; only the spaces after the colon remain to skip.
  let start = after + 1;
  while (text.charCodeAt(start) === 32) start++;
  return [key, stripComment(text.slice(start))];
}

/** Index of the first `:` followed by a space or the end of the line. */
function findColon(text: string): number {
  for (let i = text.indexOf(":"); i >= 0; i = text.indexOf(":", i + 1)) {
    if (i + 1 === text.length || text[i + 1] === " ") return i;
  }
  return -1;
}

function stripComment(text: string): string {
  const first = text.charCodeAt(0);
  if (first === 35 /* # */) return "";
  if (first === 34 /* " */ || first === 39 /* ' */) {
    const quoted = readQuoted(text) ?? unsupported();
    const tail = text.slice(quoted.end).trim();
    if (tail !== "" && !tail.startsWith("#")) unsupported();
    return text.slice(0, quoted.end);
  }
  const hash = text.indexOf(" #");
  return hash < 0 ? text : text.slice(0, hash).trimEnd();
}

function readQuoted(text: string): { value: string; end: number } | undefined {
  const quote = text[0];
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c !== "'") value += c;
      else if (text[i + 1] === "'") value += text[++i];
      else return { value, end: i + 1 };
    } else if (c === "\\") {
      const e = text[++i];
      if (e === '"' || e === "\\" || e === "/") value += e;
      else if (e === "n") value += "\n";
      else if (e === "t") value += "\t";
      else unsupported();
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  return undefined;
}

/** Characters that cannot start a plain key or scalar, as a lookup table by character code. */
const indicatorTable = (chars: string) => {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
};
const KEY_INDICATORS = indicatorTable("[]{}#&*!|>%@`,?:-");
const SCALAR_INDICATORS = indicatorTable("[]{}#&*!|>%@`,?");

function isIndicator(table: Uint8Array, text: string): boolean {
  const c = text.charCodeAt(0);
  return c < 128 && table[c] === 1;
}
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function scalar(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first === 34 /* " */ || first === 39 /* ' */) return readQuoted(text)!.value;
  if (text === "{}") return {};
  if (text === "[]") return [];
  if (isIndicator(SCALAR_INDICATORS, text) || isSeqItem(text) || text.includes(": ") || text.charCodeAt(text.length - 1) === 58 /* : */) unsupported();
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
  const c = text.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return text;
  if (INT.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : unsupported();
  }
  if (FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text) || /^\.(nan|NaN|NAN)$/.test(text) || /^0[ox]/.test(text)) unsupported();
  return text;
}
