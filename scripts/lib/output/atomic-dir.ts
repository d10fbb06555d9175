import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { link, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mapWithConcurrency } from "../pool";
import { compareTrees, isUnchanged, readTree, type TreeChanges } from "./tree";

const STAGE_PREFIX = ".gitops-forge-stage-";
const OLD_PREFIX = ".gitops-forge-old-";

export interface WriteOptions {
  /** Replaceable for tests that inject a failure mid-write. */
  writeFile?: (path: string, text: string) => unknown;
}

/**
 * Files staged at once. Creating a file is mostly waiting on the kernel;
 * several in flight keep both cores and the disk queue busy, while bounding
 * open file descriptors.
 */
const WRITES_IN_FLIGHT = 64;

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

  const write = options.writeFile ?? writeFile;
  const stage = join(parent, `${STAGE_PREFIX}${name}`);
  rmSync(stage, { recursive: true, force: true });
  try {
    mkdirSync(stage, { recursive: true });
    for (const folder of new Set([...files.keys()].map((path) => dirname(join(stage, path))))) mkdirSync(folder, { recursive: true });
    const stageOne = async ([path, text]: [string, string]) => {
      const dest = join(stage, path);
      if (current.get(path) === text) await link(join(target, path), dest);
      else await write(dest, text);
    };
    await mapWithConcurrency([...files], WRITES_IN_FLIGHT, stageOne);
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
