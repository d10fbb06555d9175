import { resolve } from "node:path";
import { listEnvironments } from "../environments/load-environment";
import { ENVIRONMENTS } from "./cli/specs/environments";
import { parseCommand, print, runCli } from "./lib/cli";

/** `environments`: the names synth builds, one a line or as JSON (a CI matrix). */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(ENVIRONMENTS, argv);
  const names = listEnvironments(resolve(values.root ?? "."));
  print(values.json ? `${JSON.stringify(names)}\n` : names.map((n) => `${n}\n`).join(""));
  return 0;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
