/**
 * validate: audits Kubernetes manifests (generated/ by default, any files or
 * directories, or stdin with `-`) against the policies in policies/.
 * Exit 0 clean, 1 error-level violations, 2 usage or input error.
 */
import { join, relative, resolve } from "node:path";
import { catalogueJson, catalogueMarkdown, catalogueText } from "../policies/engine/catalogue";
import { exitCodeFor, failuresOnly, loadManifests, parseManifests, policiesOf, readStandardInput, renderReport, validateManifests, withMinSeverity, type ManifestInput, type ReportFormat } from "../policies/engine";
import { parseCommand, print, runCli, usageError } from "./lib/cli";
import { VALIDATE } from "./cli/specs/validate";
import { useColor } from "./cli/color";
import { progress } from "./cli/progress";
import { writeFileAtomic } from "./lib/output/write-file-atomic";
import { UserError, UserErrors, collectUserError } from "../environments/source/errors";

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(VALIDATE, argv);
  const format = values.format as string;
  const root = resolve(values.root as string);
  if (values.list) {
    const policies = policiesOf(root);
    const text = format === "json" ? catalogueJson(policies) : format === "markdown" ? catalogueMarkdown(policies) : format === "human" ? catalogueText(policies) : undefined;
    if (text === undefined) throw usageError(VALIDATE, "with --list, --format must be human, json or markdown");
    emit(text, values.output as string | undefined);
    return 0;
  }
  // Paths stay relative to the working directory, as SARIF and GitHub annotations want them.
  progress.step("reading manifests");
  const inputs = await readInputs(positionals.length > 0 ? positionals : [relative(process.cwd(), join(root, "generated")) || "."]);
  progress.step(`validating ${inputs.length} manifests`);
  const report = await validateManifests(inputs, {
    root,
    environment: values.env as string | undefined,
    configFile: values.config as string | undefined,
    policyIds: values.policy as string[] | undefined,
    crdsDir: values.crds as string | undefined,
    waiversFile: values.waivers as string | undefined,
  });
  const failOn = values["fail-on"];
  const color = format === "human" && !values.output && useColor(values.color, process.stdout);
  const shown = values.quiet ? failuresOnly(report, failOn) : withMinSeverity(report, values["min-severity"]);
  const code = exitCodeFor(report, failOn);
  // --quiet prints nothing on a passing run; a report file is still written.
  if (!(values.quiet && code === 0 && !values.output)) emit(renderReport(shown, format as ReportFormat, { color, failOn }), values.output as string | undefined);
  return code;
}

/** Every input read, or every input's mistakes together. */
async function readInputs(paths: string[]): Promise<ManifestInput[]> {
  const inputs: ManifestInput[] = [];
  const errors: UserError[] = [];
  for (const path of paths) {
    const text = path === "-" ? await readStandardInput() : undefined;
    collectUserError(errors, () => inputs.push(...(text === undefined ? loadManifests([path]) : parseManifests("<stdin>", text))));
  }
  UserErrors.throwIfAny(errors);
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
