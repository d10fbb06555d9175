import type { FileChange } from "./changeset";
import { hunkLines, SECRET_HIDDEN } from "./patch";

/**
 * The change as `kubectl diff` shows it: a unified diff per changed manifest,
 * coloured for a terminal (removed lines red, added green, hunk headers cyan).
 */
const STYLE = { bold: "\x1b[1m", red: "\x1b[31m", green: "\x1b[32m", cyan: "\x1b[36m", reset: "\x1b[0m" };

/** `generatedDir` is how paths are shown ("generated/"). */
export function unifiedDiff(changes: FileChange[], generatedDir: string, color: boolean): string {
  const paint = (style: keyof typeof STYLE, text: string) => (color ? `${STYLE[style]}${text}${STYLE.reset}` : text);
  const out: string[] = [];
  for (const change of changes) {
    const path = `${generatedDir}${change.path}`;
    out.push(paint("bold", `diff -u -N a/${path} b/${path}`));
    out.push(paint("bold", change.status === "added" ? "--- /dev/null" : `--- a/${path}`));
    out.push(paint("bold", change.status === "removed" ? "+++ /dev/null" : `+++ b/${path}`));
    const lines = hunkLines(change);
    if (!lines) out.push(SECRET_HIDDEN);
    for (const line of lines ?? []) {
      out.push(line.startsWith("@@") ? paint("cyan", line) : line.startsWith("-") ? paint("red", line) : line.startsWith("+") ? paint("green", line) : line);
    }
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
