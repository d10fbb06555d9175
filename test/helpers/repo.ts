import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository under test. */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** A scratch copy of the inputs (environments/, policies/, and optionally generated/) in a temp folder. */
export function scratchRepo(options: { withGenerated?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "gitops-forge-test-"));
  for (const folder of ["environments", "policies", ...(options.withGenerated ? ["generated"] : [])]) {
    try {
      cpSync(join(REPO_ROOT, folder), join(dir, folder), { recursive: true });
    } catch {
      // policies/ may be absent in a minimal checkout.
    }
  }
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function readText(dir: string, path: string): string {
  return readFileSync(join(dir, path), "utf8");
}

export function writeText(dir: string, path: string, text: string): void {
  writeFileSync(join(dir, path), text);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a gitops-forge command as a user would: a separate Bun process. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const proc = Bun.spawnSync([process.execPath, join(REPO_ROOT, "scripts", `${command}.ts`), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode ?? -1, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}
