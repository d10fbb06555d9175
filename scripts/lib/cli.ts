import { UserError, errorLines } from "../../environments/source/errors";
import { fileProblem, isFileSystemError } from "../../environments/source/read-source";
import { HelpRequested } from "../cli/parse";
import { progress } from "../cli/progress";

export { parseCommand, usageError } from "../cli/parse";

/**
 * Runs a command's main function and turns every failure into one clear line
 * and an exit code: UserError -> its code (2 for input, 1 for violations);
 * --help -> the help on stdout, 0; a failed file-system call -> 2 with its
 * path; anything else -> 70 with the message only.
 * GITOPS_FORGE_DEBUG=1 shows stacks.
 */
export async function runCli(main: () => Promise<number | void>): Promise<never> {
  // A reader that went away (`synth | head -1`) ends the output, not the command.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    stdoutClosed = true;
  });
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (err) {
    progress.done();
    code = reportFailure(err);
  }
  progress.done();
  await lastPrint;
  process.exit(code);
}

let lastPrint: Promise<void> = Promise.resolve();
let stdoutClosed = false;

/**
 * Writes to stdout. Output to a pipe is written asynchronously, 64 KiB at a
 * time, and exiting cuts what is still queued; runCli waits for the last
 * print (write callbacks run in order) before it exits. Once the reader has
 * closed the pipe, output is dropped quietly.
 */
export function print(text: string): void {
  if (text === "" || stdoutClosed) return;
  progress.clear();
  lastPrint = new Promise((done) => {
    try {
      process.stdout.write(text, () => done());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EPIPE") throw err;
      stdoutClosed = true;
      done();
    }
  });
}

function reportFailure(err: unknown): number {
  if (err instanceof HelpRequested) {
    print(err.text);
    return 0;
  }
  const { code, lines } = describeFailure(err);
  process.stderr.write(lines.map((line) => line + "\n").join(""));
  if (process.env.GITOPS_FORGE_DEBUG === "1" && err instanceof Error && err.stack) process.stderr.write(err.stack + "\n");
  return code;
}

/** What a command prints for a failure (without a stack) and the code it exits with. */
export function describeFailure(err: unknown): { code: number; lines: string[] } {
  if (err instanceof UserError) return { code: err.exitCode, lines: errorLines(err) };
  // A failed file-system call is the machine's state (a full disk, a read-only folder), not a bug.
  if (isFileSystemError(err)) return { code: 2, lines: [`error: ${err.path ? `${err.path}: ` : ""}${fileProblem(err)}`] };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 70, lines: [`internal error: ${message}`] };
}
