/**
 * The `gitops-forge` command: `gitops-forge <command> [options]`, one entry
 * for every command (package.json `bin`, launched under Bun by
 * scripts/bin/gitops-forge.mjs). Run `gitops-forge --help` for the list.
 */
import packageJson from "../package.json" with { type: "json" };
import { closest } from "../environments/source/closest";
import { UserError } from "../environments/source/errors";
import { COMMANDS } from "./cli/commands";
import { BIN, overviewHelp } from "./cli/help";
import { print, runCli } from "./lib/cli";

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    print(overviewHelp(COMMANDS.map((c) => c.spec), packageJson.description));
    return 0;
  }
  if (name === "--version" || name === "-V") {
    print(`${packageJson.version}\n`);
    return 0;
  }
  // `help cluster check` is `cluster check --help`.
  if (name === "help") return main([...rest, "--help"]);
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    const hint = name.startsWith("-") ? undefined : closest(name, COMMANDS.map((c) => c.spec.name));
    throw new UserError(`unknown ${name.startsWith("-") ? "option" : "command"} "${name}"${hint ? ` (did you mean ${hint}?)` : ""}; see \`${BIN} --help\``);
  }
  return command.run(rest);
}

/** Runs the bin with these arguments and exits (the launcher's entry under Bun). */
export function cli(argv: string[]): Promise<never> {
  return runCli(() => main(argv));
}

if (import.meta.main) await cli(process.argv.slice(2));
