import { COMMANDS } from "./cli/commands";
import { completionScript } from "./cli/completion";
import { COMPLETION, SHELLS } from "./cli/specs/completion";
import { parseCommand, print, runCli, usageError } from "./lib/cli";

/** `completion bash|zsh|fish`: the shell's completion script on stdout. */
export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseCommand(COMPLETION, argv);
  const shell = SHELLS.find((s) => s === positionals[0]);
  if (!shell || positionals.length !== 1) throw usageError(COMPLETION, `name one shell: ${SHELLS.join(", ")}`);
  print(completionScript(shell, COMMANDS.map((c) => c.spec)));
  return 0;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
