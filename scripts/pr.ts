import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCommand, print, runCli } from "./lib/cli";
import { PR } from "./cli/specs/pr";
import { UserError } from "../environments/source/errors";
import { synthesize } from "./lib/synth/pipeline";
import { deliveryOf } from "./pr/config";
import { checkPolicies, enforcePolicies } from "./pr/policy";
import { readProvenance } from "./pr/provenance";
import { redactError } from "./pr/redact";
import { checkPublishOptions, runPr } from "./pr/run";

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(PR, argv);
  if (values["base-ref"] && !values["dry-run"]) throw new UserError("pr: --base-ref only goes with --dry-run");
  if (values.remote && values.transport !== "git") throw new UserError("pr: --remote only goes with --transport git");
  const root = resolve(values.root ?? process.cwd());
  const templates = values.templates ? resolve(values.templates) : join(root, "templates", "pr");
  if (values.templates && !existsSync(templates)) throw new UserError(`pr: --templates ${values.templates} does not exist`);

  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN || undefined;
  const transport = values.transport;
  checkPublishOptions({ transport, dryRun: values["dry-run"], token, remote: values.remote });

  const { environments, folders } = synthesize(root, values.env);
  const deliveries = environments.map((env) => deliveryOf(env, root));
  const policy = await checkPolicies(root, folders, environments.map((e) => e.name));
  enforcePolicies(policy, values["allow-violations"], (text) => process.stderr.write(text));
  const provenance = await readProvenance(root, ["gitops-forge", "pr", ...argv].join(" "));
  try {
    await runPr(
      { deliveries, folders, policy },
      {
        root,
        dryRun: values["dry-run"],
        allowViolations: values["allow-violations"],
        transport,
        remote: values.remote,
        baseRef: values["base-ref"],
        templatesDir: existsSync(templates) ? templates : undefined,
        provenance,
        token,
        apiUrl: process.env.GITHUB_API_URL || undefined,
        print: (text) => print(text.endsWith("\n") ? text : text + "\n"),
      },
    );
  } catch (err) {
    throw redactError(err, [token]);
  }
  return 0;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
