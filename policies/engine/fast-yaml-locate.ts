import type { Position } from "../../scripts/lib/yaml-source";
import { contentLines, isSeqItem, splitKey } from "./fast-yaml";

/**
 * Line lookup in text the block-YAML fast parser has already accepted: it
 * walks only the lines along each path instead of re-parsing the file with
 * positions kept, and answers exactly as `parseBlockYamlWithPositions`'s
 * locate does (the key or item at the path, else its closest ancestor).
 */

/** A collection node: where its entries start and at which indent. */
interface Node {
  seq: boolean;
  indent: number;
  from: number;
  /** A compact mapping (`- key: value`): its first entry's text, after the dash. */
  firstText?: string;
}

interface Found {
  at: Position;
  child: Node | undefined;
}

export function blockYamlLocator(source: string): { locate(path: ReadonlyArray<string | number>): Position } | undefined {
  const lines = contentLines(source);
  const lineCount = lines.length;
  if (lineCount === 0) return undefined;
  const isItem = (i: number): boolean => isSeqItem(lines[i]!.text);
  /**
   * How line i, which starts with the plain key `key` (letters, digits and
   * `_$./-`), reads as splitKey would: not this key's entry, its entry with an
   * empty inline value (nothing or a comment), or with a value; undefined
   * leaves the line to splitKey (a rarer blank after the colon).
   */
  const plainEntry = (i: number, key: string): "other" | "empty" | "value" | undefined => {
    const text = lines[i]!.text;
    const colon = key.length;
    if (text.charCodeAt(colon) !== 58 /* : */) return undefined;
    const afterColon = text.charCodeAt(colon + 1);
    // A colon not followed by a blank does not end the key, and the key has no other colon.
    if (afterColon !== 32 && !Number.isNaN(afterColon)) return "other";
    let at = colon + 1;
    while (text.charCodeAt(at) === 32) at++;
    const c = text.charCodeAt(at);
    if (Number.isNaN(c) || c === 35 /* # */) return "empty";
    return c > 32 && c < 127 ? "value" : undefined;
  };

  const nodeAt = (i: number): Node => ({ seq: isItem(i), indent: lines[i]!.indent, from: i });

  /** The collection a key or item with an empty inline value holds, as the parser's parseNested decides. */
  const nested = (i: number, parentIndent: number, allowSameIndentSeq: boolean): Node | undefined => {
    const next = i + 1;
    if (next >= lineCount || lines[next]!.indent < parentIndent) return undefined;
    if (lines[next]!.indent > parentIndent) return nodeAt(next);
    return allowSameIndentSeq && isItem(next) ? { seq: true, indent: parentIndent, from: next } : undefined;
  };

  const findKey = (map: Node, key: string): Found | undefined => {
    const plain = PLAIN_KEY.test(key);
    for (let i = map.from; i < lineCount; i++) {
      const compactFirst = i === map.from && map.firstText !== undefined;
      const indent = compactFirst ? map.indent : lines[i]!.indent;
      if (indent < map.indent) break;
      if (indent > map.indent) continue;
      // An unquoted key is a prefix of its line: most lines are passed over without being read.
      const first = lines[i]!.text.charCodeAt(0);
      if (!compactFirst && first !== 34 /* " */ && first !== 39 /* ' */ && !lines[i]!.text.startsWith(key)) continue;
      const quick = plain && !compactFirst && first !== 34 && first !== 39 ? plainEntry(i, key) : undefined;
      if (quick === "other") continue;
      if (quick !== undefined) {
        return { at: { line: lines[i]!.number, column: map.indent + 1 }, child: quick === "empty" ? nested(i, map.indent, true) : undefined };
      }
      const line = compactFirst ? map.firstText! : lines[i]!.text;
      if (isSeqItem(line)) continue;
      const entry = splitKey(line);
      if (!entry || entry[0] !== key) continue;
      const at = { line: lines[i]!.number, column: map.indent + 1 };
      return { at, child: entry[1] === "" ? nested(i, map.indent, true) : undefined };
    }
    return undefined;
  };

  const findItem = (seq: Node, index: number): Found | undefined => {
    let count = 0;
    for (let i = seq.from; i < lineCount; i++) {
      const indent = lines[i]!.indent;
      if (indent < seq.indent) break;
      if (indent > seq.indent) continue;
      if (!isItem(i)) break;
      if (count++ !== index) continue;
      const line = lines[i]!.text;
      const rest = line === "-" ? "" : line.slice(2).trimStart();
      if (rest === "") {
        const itemLine = i + 1 < lineCount ? i + 1 : i;
        return { at: { line: lines[itemLine]!.number, column: lines[itemLine]!.indent + 1 }, child: nested(i, seq.indent + 1, false) };
      }
      const restIndent = seq.indent + (line.length - rest.length);
      const at = { line: lines[i]!.number, column: restIndent + 1 };
      return { at, child: splitKey(rest) ? { seq: false, indent: restIndent, from: i, firstText: rest } : undefined };
    }
    return undefined;
  };

  const top = nodeAt(0);
  return {
    locate(path) {
      let node: Node | undefined = top;
      let at: Position = { line: 1, column: 1 };
      for (const part of path) {
        if (!node) break;
        const found: Found | undefined = node.seq
          ? typeof part === "number" ? findItem(node, part) : undefined
          : typeof part === "string" ? findKey(node, part) : undefined;
        if (!found) break;
        at = found.at;
        node = found.child;
      }
      return at;
    },
  };
}

/** A key splitKey reads exactly as written when it starts a line followed by `: ` (no quote, indicator, colon or blank). */
const PLAIN_KEY = /^[A-Za-z0-9_$./][A-Za-z0-9_$./-]*$/;
