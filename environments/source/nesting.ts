import { UserError } from "./errors";

/** Deeper than any real config or manifest; deep enough nesting would overflow a parser's stack. */
export const MAX_NESTING = 100;

/**
 * Refuses YAML (or JSON) nested deeper than MAX_NESTING, before any parser
 * recurses into it: flow brackets are counted outside quotes and comments,
 * block levels by indentation and `- ` items. It may over-count odd layouts
 * (never under-count), which only matters past a hundred levels.
 */
export function checkNesting(file: string, text: string): void {
  const indents: number[] = [];
  // Where the next bracket is: lines before it (outside flow collections) need no scan character by character.
  const brackets = /[[{]/g;
  let nextBracket = -1;
  let flow = 0;
  let blockScalarIndent = -1;
  let lineNumber = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    lineNumber++;
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    const first = lineStart + indent;
    const blank = first >= lineEnd || text[first] === "#" || text[first] === "\r";
    if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (!blank) {
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        let items = 0;
        for (let i = first; text[i] === "-" && (text[i + 1] === " " || text[i + 1] === "\t"); i += 2) {
          items++;
          while (text[i + 2] === " ") i++;
        }
        if (indents.length + items > MAX_NESTING) tooDeep(file, lineNumber, indent + 1);
      }
      if (flow === 0 && nextBracket < first) {
        brackets.lastIndex = first;
        nextBracket = brackets.exec(text)?.index ?? text.length;
      }
      let quote = "";
      for (let i = flow === 0 && nextBracket >= lineEnd ? lineEnd : first; i < lineEnd; i++) {
        const ch = text[i]!;
        if (quote) {
          if (ch === quote) quote = "";
        } else if (ch === '"' || ch === "'") {
          // A quote opens a string only where a scalar starts, not inside a plain word (it's).
          if (i === first || /[\s[{,:]/.test(text[i - 1]!)) quote = ch;
        } else if (ch === "#" && /\s/.test(text[i - 1] ?? " ")) {
          break;
        } else if (ch === "[" || ch === "{") {
          if (++flow > MAX_NESTING) tooDeep(file, lineNumber, i - lineStart + 1);
        } else if ((ch === "]" || ch === "}") && flow > 0) {
          flow--;
        }
      }
      if (flow === 0 && mayOpenBlockScalar(text, first, lineEnd) && /(^|[:\s-])[|>][-+0-9]*\s*\r?$/.test(text.slice(first, lineEnd))) {
        blockScalarIndent = indent;
      }
    }
    lineStart = lineEnd + 1;
  }
}

/** Cheap test first: a line that opens a block scalar ends in `|` or `>`, with an optional indicator (`|-`, `>+`, `|2`). */
function mayOpenBlockScalar(text: string, from: number, to: number): boolean {
  let end = to;
  while (end > from && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 13)) end--;
  for (let i = end - 1; i >= from && i >= end - 3; i--) {
    const c = text.charCodeAt(i);
    if (c === 124 /* | */ || c === 62 /* > */) return true;
    if (c !== 45 /* - */ && c !== 43 /* + */ && (c < 48 || c > 57)) return false;
  }
  return false;
}

function tooDeep(file: string, line: number, column: number): never {
  throw new UserError(`nested more than ${MAX_NESTING} levels deep`, { file, line, column });
}
