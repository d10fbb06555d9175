import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir` (relative paths, `/`-separated, sorted) with its text; empty when `dir` is absent. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const parent = (entry as unknown as { parentPath?: string; path?: string }).parentPath ?? (entry as unknown as { path: string }).path;
    paths.push(join(parent, entry.name).slice(dir.length + 1).split("\\").join("/"));
  }
  for (const path of paths.sort()) files.set(path, readFileSync(join(dir, path), "utf8"));
  return files;
}

export interface TreeChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export function compareTrees(current: Map<string, string>, desired: Map<string, string>): TreeChanges {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [path, text] of desired) {
    const old = current.get(path);
    if (old === undefined) added.push(path);
    else if (old !== text) changed.push(path);
  }
  for (const path of current.keys()) if (!desired.has(path)) removed.push(path);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

export function isUnchanged(changes: TreeChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length === 0;
}
