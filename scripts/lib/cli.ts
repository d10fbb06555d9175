import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../../environments/source/errors";

/**
 * Runs a command's main function and turns every failure into one clear line
 * and an exit code: UserError -> its code (2 for input, 1 for violations);
 * anything else -> 70 with the message only. GITOPS_FORGE_DEBUG=1 shows stacks.
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
  const debug = process.env.GITOPS_FORGE_DEBUG === "1";
  if (err instanceof UserError) {
    process.stderr.write(`error: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(err.stack + "\n");
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`internal error: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + "\n");
  return 70;
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
