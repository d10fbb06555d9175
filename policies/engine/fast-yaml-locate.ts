import type { Position } from "../../environments/source/yaml-source";
import { entry, isSeqItemAt, itemContentStart, scanLines, splitKey } from "./fast-yaml";

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
  /** A compact mapping (`- key: value`): where its first entry starts, after the dash. */
  firstFrom?: number;
}

interface Found {
  at: Position;
  child: Node | undefined;
}

export function blockYamlLocator(source: string): { locate(path: ReadonlyArray<string | number>): Position } | undefined {
  const lines = scanLines(source);
  const lineCount = lines.count;
  if (lineCount === 0) return undefined;
  const { start, end, indent: indentOf, number } = lines;
  const isItem = (i: number): boolean => isSeqItemAt(source, start[i]!, end[i]!);
  /**
   * How line i, which starts with the plain key `key` (letters, digits and
   * `_$./-`), reads as splitKey would: not this key's entry, its entry with an
   * empty inline value (nothing or a comment), or with a value; undefined
   * leaves the line to splitKey (a rarer blank after the colon).
   */
  const plainEntry = (i: number, key: string): "other" | "empty" | "value" | undefined => {
    const to = end[i]!;
    const colon = start[i]! + key.length;
    if (colon >= to || source.charCodeAt(colon) !== 58 /* : */) return undefined;
    // A colon not followed by a blank does not end the key, and the key has no other colon.
    if (colon + 1 < to && source.charCodeAt(colon + 1) !== 32) return "other";
    let at = colon + 1;
    while (at < to && source.charCodeAt(at) === 32) at++;
    if (at === to || source.charCodeAt(at) === 35 /* # */) return "empty";
    const c = source.charCodeAt(at);
    return c > 32 && c < 127 ? "value" : undefined;
  };

  const nodeAt = (i: number): Node => ({ seq: isItem(i), indent: indentOf[i]!, from: i });

  /** The collection a key or item with an empty inline value holds, as the parser's parseNested decides. */
  const nested = (i: number, parentIndent: number, allowSameIndentSeq: boolean): Node | undefined => {
    const next = i + 1;
    if (next >= lineCount || indentOf[next]! < parentIndent) return undefined;
    if (indentOf[next]! > parentIndent) return nodeAt(next);
    return allowSameIndentSeq && isItem(next) ? { seq: true, indent: parentIndent, from: next } : undefined;
  };

  const findKey = (map: Node, key: string): Found | undefined => {
    const plain = PLAIN_KEY.test(key);
    for (let i = map.from; i < lineCount; i++) {
      const compactFirst = i === map.from && map.firstFrom !== undefined;
      const indent = compactFirst ? map.indent : indentOf[i]!;
      if (indent < map.indent) break;
      if (indent > map.indent) continue;
      // An unquoted key is a prefix of its line: most lines are passed over without being read.
      const from = compactFirst ? map.firstFrom! : start[i]!;
      const first = source.charCodeAt(from);
      if (!compactFirst && first !== 34 /* " */ && first !== 39 /* ' */ && !source.startsWith(key, from)) continue;
      const quick = plain && !compactFirst && first !== 34 && first !== 39 ? plainEntry(i, key) : undefined;
      if (quick === "other") continue;
      if (quick !== undefined) {
        return { at: { line: number[i]!, column: map.indent + 1 }, child: quick === "empty" ? nested(i, map.indent, true) : undefined };
      }
      if (isSeqItemAt(source, from, end[i]!)) continue;
      if (!splitKey(source, from, end[i]!) || entry.key !== key) continue;
      const at = { line: number[i]!, column: map.indent + 1 };
      return { at, child: entry.restFrom === entry.restTo ? nested(i, map.indent, true) : undefined };
    }
    return undefined;
  };

  const findItem = (seq: Node, index: number): Found | undefined => {
    let count = 0;
    for (let i = seq.from; i < lineCount; i++) {
      const indent = indentOf[i]!;
      if (indent < seq.indent) break;
      if (indent > seq.indent) continue;
      if (!isItem(i)) break;
      if (count++ !== index) continue;
      const restFrom = itemContentStart(source, start[i]!, end[i]!);
      if (restFrom === end[i]) {
        const itemLine = i + 1 < lineCount ? i + 1 : i;
        return { at: { line: number[itemLine]!, column: indentOf[itemLine]! + 1 }, child: nested(i, seq.indent + 1, false) };
      }
      const restIndent = seq.indent + (restFrom - start[i]!);
      const at = { line: number[i]!, column: restIndent + 1 };
      return { at, child: splitKey(source, restFrom, end[i]!) ? { seq: false, indent: restIndent, from: i, firstFrom: restFrom } : undefined };
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
