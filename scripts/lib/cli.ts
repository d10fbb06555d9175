import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError, UserErrors } from "../../environments/source/errors";
import { fileProblem, isFileSystemError } from "../../environments/source/read-source";

/**
 * Runs a command's main function and turns every failure into one clear line
 * and an exit code: UserError -> its code (2 for input, 1 for violations);
 * a failed file-system call -> 2 with its path; anything else -> 70 with the
 * message only. GITOPS_FORGE_DEBUG=1 shows stacks.
 */
export async function runCli(main: () => Promise<number | void>): Promise<never> {
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (err) {
    code = reportFailure(err);
  }
  await lastPrint;
  process.exit(code);
}

let lastPrint: Promise<void> = Promise.resolve();

/**
 * Writes to stdout. Output to a pipe is written asynchronously, 64 KiB at a
 * time, and exiting cuts what is still queued; runCli waits for the last
 * print (write callbacks run in order) before it exits.
 */
export function print(text: string): void {
  if (text === "") return;
  lastPrint = new Promise((done) => process.stdout.write(text, () => done()));
}

function reportFailure(err: unknown): number {
  const { code, lines } = describeFailure(err);
  process.stderr.write(lines.map((line) => line + "\n").join(""));
  if (process.env.GITOPS_FORGE_DEBUG === "1" && err instanceof Error && err.stack) process.stderr.write(err.stack + "\n");
  return code;
}

/** What a command prints for a failure (without a stack) and the code it exits with. */
export function describeFailure(err: unknown): { code: number; lines: string[] } {
  if (err instanceof UserError) {
    const lines = err instanceof UserErrors ? err.lines : [err.message];
    return { code: err.exitCode, lines: lines.map((line) => `error: ${line}`) };
  }
  // A failed file-system call is the machine's state (a full disk, a read-only folder), not a bug.
  if (isFileSystemError(err)) return { code: 2, lines: [`error: ${err.path ? `${err.path}: ` : ""}${fileProblem(err)}`] };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 70, lines: [`internal error: ${message}`] };
}

/** node:util parseArgs with usage errors reported as UserError (exit 2). */
export function parseCommandArgs<T extends ParseArgsConfig["options"]>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UserError(`${command}: ${message}`);
  }
}
