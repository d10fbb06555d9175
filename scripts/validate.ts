/**
 * validate: audits Kubernetes manifests (generated/ by default, any files or
 * directories, or stdin with `-`) against the policies in policies/.
 * Exit 0 clean, 1 error-level violations, 2 usage or input error.
 */
import { join, relative, resolve } from "node:path";
import { catalogueJson, catalogueMarkdown, catalogueText } from "../policies/engine/catalogue";
import { exitCodeFor, loadManifests, parseManifests, readStandardInput, policiesOf, renderReport, REPORT_FORMATS, validateManifests, type ManifestInput, type ReportFormat } from "../policies/engine";
import { parseCommandArgs, print, runCli } from "./lib/cli";
import { UserError } from "../environments/source/errors";
import { writeFileAtomic } from "./lib/output/write-file-atomic";

const USAGE = `usage: validate [PATH|-]... [--env ENV] [--config FILE] [--policy ID]... [--crds DIR]
                [--waivers FILE] [--format ${REPORT_FORMATS.join("|")}] [--output FILE] [--root DIR]
       validate --list [--format human|json|markdown]`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "validate",
    argv,
    {
      env: { type: "string" },
      config: { type: "string" },
      policy: { type: "string", multiple: true },
      crds: { type: "string" },
      waivers: { type: "string" },
      format: { type: "string", default: "human" },
      output: { type: "string" },
      root: { type: "string", default: "." },
      list: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    true,
  );
  if (values.help) {
    print(USAGE + "\n");
    return 0;
  }
  const format = values.format as string;
  const root = resolve(values.root as string);
  if (values.list) {
    const policies = policiesOf(root);
    const text = format === "json" ? catalogueJson(policies) : format === "markdown" ? catalogueMarkdown(policies) : format === "human" ? catalogueText(policies) : undefined;
    if (text === undefined) throw new UserError(`validate --list: --format must be human, json or markdown\n${USAGE}`);
    emit(text, values.output as string | undefined);
    return 0;
  }
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UserError(`validate: unknown --format "${format}" (${REPORT_FORMATS.join(", ")})\n${USAGE}`);
  // Paths stay relative to the working directory, as SARIF and GitHub annotations want them.
  const inputs = await readInputs(positionals.length > 0 ? positionals : [relative(process.cwd(), join(root, "generated")) || "."]);
  const report = await validateManifests(inputs, {
    root,
    environment: values.env as string | undefined,
    configFile: values.config as string | undefined,
    policyIds: values.policy as string[] | undefined,
    crdsDir: values.crds as string | undefined,
    waiversFile: values.waivers as string | undefined,
  });
  const color = format === "human" && !values.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  emit(renderReport(report, format as ReportFormat, { color }), values.output as string | undefined);
  return exitCodeFor(report);
}

async function readInputs(paths: string[]): Promise<ManifestInput[]> {
  const inputs: ManifestInput[] = [];
  for (const path of paths) {
    if (path === "-") {
      inputs.push(...parseManifests("<stdin>", await readStandardInput()));
      continue;
    }
    inputs.push(...loadManifests([path]));
  }
  return inputs;
}

/** Writes to stdout, or atomically to a file so a failed run never leaves half a report. */
function emit(text: string, output: string | undefined): void {
  if (!output) {
    print(text);
    return;
  }
  writeFileAtomic(output, text);
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
