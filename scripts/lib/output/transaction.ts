import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { link, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mapWithConcurrency } from "../pool";
import { compareTrees, isUnchanged, readTree, type TreeChanges } from "./tree";

/** Where a run stages its folders, under the output root; a dot folder, so no reader takes it for output. */
export const TRANSACTION_DIR = ".gitops-forge-transaction";
/** Written (by a rename) once every folder is staged: the one commit point of a run. */
const COMMIT_FILE = "commit.json";
/** Folders of an earlier layout: staged and renamed-aside trees of one folder at a time. */
const LEGACY_PREFIXES = [".gitops-forge-stage-", ".gitops-forge-old-"];

export interface WriteOptions {
  /** Replaceable for tests that inject a failure mid-write. */
  writeFile?: (path: string, text: string) => unknown;
}

/** One folder of the output: replaced by a staged tree, or removed. */
interface Step {
  folder: string;
  staged: boolean;
}

/**
 * Files staged at once. Creating a file is mostly waiting on the kernel;
 * several in flight keep both cores and the disk queue busy, while bounding
 * open file descriptors.
 */
const WRITES_IN_FLIGHT = 64;

/**
 * Replaces any number of folders under `root` as one transaction: every
 * folder is staged first (unchanged files hard-linked, not rewritten), then
 * one rename of the commit file decides the run. Before it, the output is
 * untouched and a failed or killed run leaves only a staging folder, dropped
 * by `recoverOutput`; after it, the swaps are replayed by `recoverOutput`
 * until every folder is new. So every folder shows the old generation or
 * every folder the new one.
 *
 * The caller holds the output lock (`output-lock.ts`) from before it
 * begins until after `commit`.
 */
export class OutputTransaction {
  private readonly dir: string;
  private readonly steps: Step[] = [];

  constructor(private readonly root: string, private readonly options: WriteOptions = {}) {
    this.dir = join(root, TRANSACTION_DIR);
    recoverOutput(root);
    mkdirSync(join(this.dir, "stage"), { recursive: true });
  }

  /** Stages `folder` (relative to the root) to hold exactly `files`; nothing is staged when it already does. */
  async replace(folder: string, files: Map<string, string>): Promise<TreeChanges> {
    const target = join(this.root, folder);
    const current = readTree(target);
    const changes = compareTrees(current, files);
    if (isUnchanged(changes) && existsSync(target)) return changes;
    const stage = join(this.dir, "stage", String(this.steps.length));
    this.steps.push({ folder, staged: true });
    const write = this.options.writeFile ?? writeFile;
    mkdirSync(stage);
    for (const sub of new Set([...files.keys()].map((path) => dirname(join(stage, path))))) mkdirSync(sub, { recursive: true });
    const stageOne = async ([path, text]: [string, string]) => {
      const dest = join(stage, path);
      if (current.get(path) === text && (await linked(join(target, path), dest))) return;
      await write(dest, text);
    };
    await mapWithConcurrency([...files], WRITES_IN_FLIGHT, stageOne);
    return changes;
  }

  /** Removes `folder` at the commit. */
  remove(folder: string): void {
    if (existsSync(join(this.root, folder))) this.steps.push({ folder, staged: false });
  }

  /** The commit point, then the swaps. */
  commit(): void {
    const pending = join(this.dir, `${COMMIT_FILE}.pending`);
    writeFileSync(pending, JSON.stringify(this.steps));
    renameSync(pending, join(this.dir, COMMIT_FILE));
    finish(this.root);
  }

  /** Drops what was staged; the output is as it was. */
  abort(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Hard-links an unchanged file; false where the file system will not (another mount), so it is written instead. */
async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EXDEV" || code === "EPERM" || code === "EMLINK") return false;
    throw err;
  }
}

/**
 * Brings the output back to one whole generation after a killed run: a
 * committed transaction is finished, an uncommitted one dropped, as are the
 * leftovers of the earlier one-folder-at-a-time layout. Idempotent: a kill
 * during recovery is recovered by the next run.
 */
export function recoverOutput(root: string): void {
  if (!existsSync(root)) return;
  if (existsSync(join(root, TRANSACTION_DIR, COMMIT_FILE))) finish(root);
  else rmSync(join(root, TRANSACTION_DIR), { recursive: true, force: true });
  recoverLegacy(root);
  for (const shared of readdirSync(root, { withFileTypes: true })) {
    if (shared.isDirectory() && !shared.name.startsWith(".")) recoverLegacy(join(root, shared.name));
  }
}

/** Replays the committed swaps; each step is done or redone from where a kill left it. */
function finish(root: string): void {
  const dir = join(root, TRANSACTION_DIR);
  const steps = JSON.parse(readFileSync(join(dir, COMMIT_FILE), "utf8")) as Step[];
  mkdirSync(join(dir, "old"), { recursive: true });
  steps.forEach((step, i) => {
    const target = join(root, step.folder);
    const staged = join(dir, "stage", String(i));
    const old = join(dir, "old", String(i));
    // A step is done once its staged tree is in place (or, for a removal, the folder is aside).
    if (step.staged ? !existsSync(staged) : existsSync(old)) return;
    if (existsSync(target) && !existsSync(old)) renameSync(target, old);
    if (step.staged) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(staged, target);
    }
  });
  rmSync(dir, { recursive: true, force: true });
}

/** A folder a run of the earlier layout renamed aside is put back; its half-staged trees dropped. */
function recoverLegacy(parent: string): void {
  for (const entry of readdirSync(parent)) {
    const [stage, old] = LEGACY_PREFIXES;
    if (entry.startsWith(old!)) {
      const name = entry.slice(old!.length);
      if (existsSync(join(parent, name))) rmSync(join(parent, entry), { recursive: true, force: true });
      else renameSync(join(parent, entry), join(parent, name));
    } else if (entry.startsWith(stage!)) {
      rmSync(join(parent, entry), { recursive: true, force: true });
    }
  }
}
