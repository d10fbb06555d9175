import { plainKeyReadsAsString } from "./plain-keys";

/**
 * A conservative, line-based scan for what Bun's native YAML parser accepts
 * silently: duplicate mapping keys, aliases (alias bombs), merge keys and
 * complex keys. It answers "certainly clean" or "look closer"; it never
 * answers clean for a document that has one of those. Anything it cannot
 * follow (multi-line flow collections, escaped keys) counts as "look closer",
 * which sends the text through the strict `yaml` parser instead.
 */
export function needsStrictParse(text: string): boolean {
  // Anchors, aliases, merge keys, complex keys, tags, directives: rare in configs, all handled by the strict parser.
  // An anchor or alias is `&name`/`*name` (a cron's `* *` or `*/5` is neither); a tag starts with `!`.
  if (/(^|[\s[{,:-])[&*][A-Za-z0-9_-]/m.test(text) || /(^|[\s[{,:-])![A-Za-z!<]/m.test(text) || /(^|\s)<<\s*:/m.test(text) || /^\s*(-\s+)*\?(\s|$)/m.test(text) || /^%/m.test(text)) return true;
  const scopes: Array<{ indent: number; keys: Set<string> }> = [];
  let blockScalarIndent = -1;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (blockScalarIndent >= 0) {
      if (content === "" || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (content === "" || content.startsWith("#")) continue;
    if (content === "---" || content === "...") {
      scopes.length = 0;
      continue;
    }
    // Each `- ` opens a new mapping at the column after it.
    let column = indent;
    let rest = content;
    while (/^-(\s+|$)/.test(rest)) {
      const after = rest.replace(/^-\s*/, "");
      column += rest.length - after.length;
      rest = after;
      while (scopes.length && scopes[scopes.length - 1]!.indent >= column) scopes.pop();
    }
    if (rest === "") continue;
    const key = blockKey(rest);
    if (key === null) return true;
    if (key !== undefined) {
      while (scopes.length && scopes[scopes.length - 1]!.indent > column) scopes.pop();
      let scope = scopes[scopes.length - 1];
      if (!scope || scope.indent < column) {
        scope = { indent: column, keys: new Set() };
        scopes.push(scope);
      }
      if (scope.keys.has(key)) return true;
      scope.keys.add(key);
    }
    const value = key === undefined ? rest : rest.slice(rest.indexOf(":") + 1).trim();
    if (/^[|>]/.test(value)) blockScalarIndent = column;
    if (!flowIsSafe(value)) return true;
  }
  return false;
}

/** The key a line starts with; undefined when it holds no key; null when it cannot tell. */
function blockKey(rest: string): string | undefined | null {
  const quoted = /^(["'])(.*?)\1\s*:(\s|$)/.exec(rest);
  if (quoted) return quoted[2]!.includes("\\") ? null : quoted[2]!;
  if (/^["']/.test(rest) || /^[{[]/.test(rest)) return undefined;
  const plain = /^([^\s#:][^#]*?)\s*:(\s|$)/.exec(rest);
  if (!plain) return undefined;
  const key = plain[1]!.trim();
  return plainKeyReadsAsString(key) ? key : null;
}


/** One-line flow collections without duplicate keys are safe; anything spanning lines is not followed. */
function flowIsSafe(value: string): boolean {
  if (!/^[{[]/.test(value)) return true;
  let depth = 0;
  let quote = "";
  const stack: Array<Set<string> | null> = [];
  let token = "";
  const closeToken = () => {
    const top = stack[stack.length - 1];
    const match = /^\s*(["']?)([^"':]*?)\1\s*:/.exec(token);
    if (top && match && !match[1] && !plainKeyReadsAsString(match[2]!.trim())) return false;
    if (top && match) {
      if (top.has(match[2]!)) return false;
      top.add(match[2]!);
    }
    token = "";
    return true;
  };
  for (const ch of value) {
    if (quote) {
      if (ch === quote) quote = "";
      token += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === "#" && depth === 0) break;
    if (ch === "{" || ch === "[") {
      depth++;
      stack.push(ch === "{" ? new Set() : null);
      token = "";
      continue;
    }
    if (ch === "," || ch === "}" || ch === "]") {
      if (!closeToken()) return false;
      if (ch !== ",") {
        depth--;
        stack.pop();
      }
      continue;
    }
    token += ch;
  }
  return depth === 0 && quote === "";
}
