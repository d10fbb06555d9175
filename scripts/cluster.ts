import { print, runCli } from "./lib/cli";
import { runClusterCommand } from "./cluster/command";
import { progress } from "./cli/progress";

/** `cluster check|diff --env <name>`: what the target cluster will make of the generated manifests. */
export async function main(argv: string[]): Promise<number> {
  progress.step(`cluster ${argv[0]}: asking the API server`);
  const result = await runClusterCommand(argv, { root: process.cwd(), env: process.env });
  print(result.output);
  return result.exitCode;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
