import { print, runCli } from "./lib/cli";
import { runClusterCommand } from "./cluster/command";

/** `cluster check|diff --env <name>`: what the target cluster will make of the generated manifests. */
await runCli(async () => {
  const result = await runClusterCommand(process.argv.slice(2), { root: process.cwd(), env: process.env });
  print(result.output);
  return result.exitCode;
});
