import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compareTrees, isUnchanged, readTree, type TreeChanges } from "./tree";

const STAGE_PREFIX = ".gitops-forge-stage-";
const OLD_PREFIX = ".gitops-forge-old-";

export interface WriteOptions {
  /** Replaceable for tests that inject a failure mid-write. */
  writeFile?: (path: string, text: string) => unknown;
}

/**
 * Replaces `parent/name` with exactly `files`, atomically: the new tree is
 * staged beside it (unchanged files hard-linked, not rewritten), then swapped
 * in with two renames. A crash before the swap leaves the old folder as it
 * was; the instant between the renames is repaired by `recover` on the next run.
 */
export async function replaceDirectory(parent: string, name: string, files: Map<string, string>, options: WriteOptions = {}): Promise<TreeChanges> {
  recover(parent);
  const target = join(parent, name);
  const current = readTree(target);
  const changes = compareTrees(current, files);
  if (isUnchanged(changes)) return changes;

  const write = options.writeFile ?? ((path: string, text: string) => writeFileSync(path, text));
  const stage = join(parent, `${STAGE_PREFIX}${name}`);
  rmSync(stage, { recursive: true, force: true });
  try {
    const made = new Set<string>();
    for (const [path, text] of files) {
      const dest = join(stage, path);
      const folder = dirname(dest);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      if (current.get(path) === text) linkSync(join(target, path), dest);
      else write(dest, text);
    }
    if (files.size === 0) mkdirSync(stage, { recursive: true });
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    throw err;
  }
  const old = join(parent, `${OLD_PREFIX}${name}`);
  if (existsSync(target)) renameSync(target, old);
  renameSync(stage, target);
  rmSync(old, { recursive: true, force: true });
  return changes;
}

/** Removes `parent/name` atomically (renamed aside first, then deleted). */
export function removeDirectory(parent: string, name: string): void {
  const target = join(parent, name);
  if (!existsSync(target)) return;
  const old = join(parent, `${OLD_PREFIX}${name}`);
  renameSync(target, old);
  rmSync(old, { recursive: true, force: true });
}

/** Puts back a folder a killed run had renamed aside, and drops half-staged trees. */
export function recover(parent: string): void {
  if (!existsSync(parent)) return;
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(OLD_PREFIX)) {
      const name = entry.slice(OLD_PREFIX.length);
      if (existsSync(join(parent, name))) rmSync(join(parent, entry), { recursive: true, force: true });
      else renameSync(join(parent, entry), join(parent, name));
    } else if (entry.startsWith(STAGE_PREFIX)) {
      rmSync(join(parent, entry), { recursive: true, force: true });
    }
  }
}
