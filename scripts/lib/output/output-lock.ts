import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../../environments/source/errors";
import { fileProblem } from "../../../environments/source/read-source";

/** Held by the one run that may change the output folder; it holds the run's process id. */
export const LOCK_FILE = ".gitops-forge-lock";
/** How long a run waits for another to finish before it gives up. */
const DEFAULT_WAIT_MS = 120_000;
const POLL_MS = 50;
/**
 * A lock still without its owner's id, or a takeover file, this old is left
 * over from a killed run: the owner writes its id right after creating the
 * file, so only a run killed in between leaves it empty.
 */
const ABANDONED_MS = 2_000;

export interface LockOptions {
  waitMs?: number;
  /** Told once when the run starts waiting for another. */
  onWait?: (pid: number) => void;
}

/**
 * Runs `work` while holding `root/.gitops-forge-lock`, so two runs never
 * write the same output at once: a second run waits for the first (up to
 * `waitMs`), then refuses with "another synth is running (pid N)". A lock
 * whose process is gone (a killed run) is taken over.
 */
export async function withOutputLock<T>(root: string, shown: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = join(root, LOCK_FILE);
  try {
    mkdirSync(root, { recursive: true });
  } catch (err) {
    throw new UserError(`cannot create the output folder: ${fileProblem(err)}`, { file: shown });
  }
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let toldWaiting = false;
  for (;;) {
    if (tryCreate(lock, shown)) break;
    const owner = readOwner(lock);
    if (owner === undefined || !isAlive(owner)) {
      if (owner !== undefined || ageMs(lock) > ABANDONED_MS) takeOver(lock);
    } else {
      if (Date.now() > deadline) throw new UserError(`another synth is running (pid ${owner}); if it is not, remove ${join(shown, LOCK_FILE)}`);
      if (!toldWaiting) options.onWait?.(owner);
      toldWaiting = true;
    }
    await Bun.sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    if (readOwner(lock) === process.pid) unlinkSync(lock);
  }
}

/** Creates the lock exclusively with this process's id; false when another holds it. */
function tryCreate(lock: string, shown: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new UserError(`cannot write: ${fileProblem(err)}`, { file: shown });
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } catch (err) {
    // A lock without its owner would hold the next run up: none is left behind.
    unlinkQuietly(lock);
    throw new UserError(`cannot write: ${fileProblem(err)}`, { file: shown });
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The owner's process id; undefined while the owner is still writing it, or when the lock is gone. */
function readOwner(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lock, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes an abandoned lock. Only one run at a time may do so (it holds a
 * takeover file), and only while the lock is still the abandoned one, so a
 * run never removes a lock another run has just taken.
 */
function takeOver(lock: string): void {
  const guard = `${lock}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, "wx");
  } catch {
    // Another run is taking over; a guard left by a run killed meanwhile is dropped once old.
    if (ageMs(guard) > ABANDONED_MS) unlinkQuietly(guard);
    return;
  }
  closeSync(fd);
  try {
    const owner = readOwner(lock);
    if ((owner === undefined && ageMs(lock) > ABANDONED_MS) || (owner !== undefined && !isAlive(owner))) unlinkQuietly(lock);
  } finally {
    unlinkQuietly(guard);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
