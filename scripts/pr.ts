import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCommandArgs, print, runCli } from "./lib/cli";
import { UserError } from "../environments/source/errors";
import { synthesize } from "./lib/synth/pipeline";
import { deliveryOf } from "./pr/config";
import { checkPolicies, enforcePolicies } from "./pr/policy";
import { readProvenance } from "./pr/provenance";
import { redactError } from "./pr/redact";
import { checkPublishOptions, runPr } from "./pr/run";

const USAGE = `usage: pr [--env NAME]... [--dry-run] [--allow-violations] [--transport github|git]
          [--remote URL] [--base-ref REF] [--templates DIR] [--root DIR]

Synthesizes and validates, then proposes the change to generated/ as one pull
request per environment (gitops section of environments/<env>.yaml).
  --env NAME            only this environment (repeatable); default: all
  --dry-run             write nothing, need no token: print the PR and the files it would change
  --base-ref REF        with --dry-run: compare with this local git ref instead of reading GitHub
  --allow-violations    open the PR despite error-level policy violations (stated in the PR body)
  --transport git       push the bot branch to --remote URL with git instead of the GitHub API
  --templates DIR       PR body templates overriding scripts/pr/templates (default: templates/pr if present)
  --root DIR            repository root (default: current directory)
Environment: GITHUB_TOKEN or GH_TOKEN (never printed), GITHUB_API_URL for GitHub Enterprise.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("pr", argv, {
    env: { type: "string", multiple: true },
    "dry-run": { type: "boolean", default: false },
    "allow-violations": { type: "boolean", default: false },
    transport: { type: "string", default: "github" },
    remote: { type: "string" },
    "base-ref": { type: "string" },
    templates: { type: "string" },
    root: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    print(USAGE + "\n");
    return 0;
  }
  if (values.transport !== "github" && values.transport !== "git") throw new UserError(`pr: --transport must be github or git, not "${values.transport}"`);
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
