import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { describeFailure } from "../../scripts/lib/cli";
import { main as synthMain } from "../../scripts/synth";
import { main as validateMain } from "../../scripts/validate";
import { readTree } from "../../scripts/lib/output/tree";
import { recoverOutput, TRANSACTION_DIR } from "../../scripts/lib/output/transaction";
import { LOCK_FILE } from "../../scripts/lib/output/output-lock";
import { REPO_ROOT } from "../helpers/repo";

/** What a command ends with, as a user sees it: its exit code and what it printed on stderr. */
export interface Outcome {
  code: number;
  lines: string[];
}

/**
 * Runs a command's main function in this process, failures described exactly
 * as the command line does (scripts/lib/cli.ts). Cases that need a real
 * process (a kill, a race, standard input, a hang) spawn one instead.
 */
export async function runInProcess(command: "synth" | "validate", args: string[]): Promise<Outcome> {
  try {
    const code = await (command === "synth" ? synthMain : validateMain)(args);
    return { code, lines: [] };
  } catch (err) {
    return describeFailure(err);
  }
}

/** Runs a command as a separate Bun process, killed when it outlives `timeoutMs` (a hang fails the case). */
export async function runSpawned(
  command: string,
  args: string[],
  options: { stdin?: "ignore" | Bun.BunFile; timeoutMs?: number; cwd?: string; unprivileged?: boolean } = {},
): Promise<Outcome & { timedOut: boolean; stderr: string }> {
  // Root reads any file: permission faults need the command to run as another user.
  const asUser = options.unprivileged && process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
  const proc = Bun.spawn([...asUser, process.execPath, join(REPO_ROOT, "scripts", `${command}.ts`), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdin: options.stdin ?? "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, options.timeoutMs ?? 20_000);
  const stderr = await new Response(proc.stderr).text();
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, lines: stderr.split("\n").filter((l) => l !== ""), timedOut, stderr };
}

export interface Expected {
  /** 2 for bad input (the default), 1 for policy failures. */
  code?: number;
  /** The start of the first line after `error: `: `file:line:col field` or a part of it. */
  where?: string | RegExp;
  message?: RegExp;
  /** How many lines; one unless the case has several mistakes. */
  lines?: number;
}

/**
 * The bar for every hostile input: the expected exit code, one line per
 * mistake, each `error: <file>[:line:col field]: <sentence>`, never
 * `internal error`, never a stack trace.
 */
export function expectCleanFailure(outcome: Outcome, expected: Expected): void {
  const text = outcome.lines.join("\n");
  expect(text).not.toMatch(/internal error/);
  expect(text).not.toMatch(/^\s+at .+[:(]/m);
  expect(outcome.code, text).toBe(expected.code ?? 2);
  if ((expected.code ?? 2) === 2) {
    expect(outcome.lines.length, text).toBe(expected.lines ?? 1);
    for (const line of outcome.lines) expect(line).toMatch(/^error: \S.*: .+|^error: and \d+ more errors$|^error: [^:]+$/);
  }
  if (expected.where !== undefined) {
    const where = typeof expected.where === "string" ? new RegExp(`^error: ${escapeRegExp(expected.where)}`) : expected.where;
    expect(outcome.lines[0] ?? "", text).toMatch(where);
  }
  if (expected.message) expect(text).toMatch(expected.message);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const scratchFolders: string[] = [];

/** Registers a scratch folder for `removeScratchFolders`. */
export function track(dir: string): string {
  scratchFolders.push(dir);
  return dir;
}

/** A scratch folder under the system temp folder, removed by `removeScratchFolders`. */
export function scratch(prefix: string): string {
  return track(mkdtempSync(join(tmpdir(), `gitops-forge-rel-${prefix}-`)));
}

export function removeScratchFolders(): void {
  for (const dir of scratchFolders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The whole output tree as it is now, for byte-for-byte comparison. */
export function snapshot(root: string): Map<string, string> {
  return readTree(join(root, "generated"));
}

/** Nothing a run leaves behind in generated/ once the next run has recovered: no staging folder, no lock. */
export function expectNoLeftovers(root: string): void {
  const out = join(root, "generated");
  recoverOutput(out);
  const hidden = existsSync(out) ? readdirSync(out).filter((name) => name.startsWith(".")) : [];
  expect(hidden).toEqual([]);
  expect(existsSync(join(out, TRANSACTION_DIR))).toBe(false);
  expect(existsSync(join(out, LOCK_FILE))).toBe(false);
}

/**
 * A small file system mounted at a fresh folder (tmpfs), for faults only a
 * real file system gives: a full disk, a read-only folder. Needs root with
 * CAP_SYS_ADMIN, as in CI containers; undefined where mounting is not allowed.
 */
export function mountTmpfs(options: string): { dir: string; remount(options: string): void; unmount(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "gitops-forge-rel-mnt-"));
  const mount = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", options, "tmpfs", dir], { stderr: "pipe" });
  if (mount.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    remount: (more) => {
      const r = Bun.spawnSync(["mount", "-o", `remount,${more}`, dir], { stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(`remount failed: ${r.stderr.toString()}`);
    },
    unmount: () => {
      Bun.spawnSync(["umount", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Makes `path` read-only by bind-mounting it onto itself read-only; returns the undo, or undefined where not allowed. */
export function bindReadOnly(path: string): (() => void) | undefined {
  mkdirSync(path, { recursive: true });
  if (Bun.spawnSync(["mount", "--bind", path, path], { stderr: "pipe" }).exitCode !== 0) return undefined;
  if (Bun.spawnSync(["mount", "-o", "remount,bind,ro", path, path], { stderr: "pipe" }).exitCode !== 0) {
    Bun.spawnSync(["umount", path]);
    return undefined;
  }
  return () => {
    Bun.spawnSync(["umount", path]);
  };
}
