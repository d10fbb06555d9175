/**
 * Runs the real promtool on generated alerting rules: for every PrometheusRule
 * manifest with promtool tests next to it, extracts its rule groups into a
 * scratch folder, then `promtool check rules` and `promtool test rules`.
 * Writes nothing under the generated folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { stringify } from "yaml";
import { ruleFileOf } from "../charts/monitoring/alert-rules";
import { PROMTOOL_TEST_SUFFIX, promtoolFilesFor } from "../charts/monitoring/promtool-tests";
import { parseCommandArgs, runCli } from "./lib/cli";
import { UserError } from "./lib/errors";
import { findPromtool, runPromtool } from "./lib/promtool";
import { parseYamlMapping } from "./lib/yaml-source";

const USAGE = `usage: alert-tests [--dir DIR]

Runs promtool check rules and promtool test rules on every PrometheusRule
manifest under DIR (default: generated) and the ${PROMTOOL_TEST_SUFFIX} file next to it.
Exit 0: all pass; 1: promtool found a failure; 2: bad input or no promtool.`;

/** A manifest file name of kind PrometheusRule in the generated layout. */
const PROMETHEUS_RULE_FILE = /^prometheusrule(-[a-z0-9.-]+)?\.yaml$/;

interface RuleSet {
  manifest: string;
  tests: string;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("alert-tests", argv, {
    dir: { type: "string", default: "generated" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const root = values.dir!;
  const promtool = findPromtool();
  if (!promtool) throw new UserError("promtool is not installed (Debian: apt-get install prometheus)");
  const sets = findRuleSets(root);
  if (sets.length === 0) throw new UserError(`no PrometheusRule manifests under ${root}`);

  const scratch = mkdtempSync(join(tmpdir(), "gitops-forge-alert-tests-"));
  try {
    const ruleFiles: string[] = [];
    const testFiles: string[] = [];
    sets.forEach((set, i) => {
      // Each set in its own folder: rule file names repeat across services.
      const folder = join(scratch, String(i));
      const written = extract(set, folder);
      ruleFiles.push(written.ruleFile);
      testFiles.push(written.testFile);
    });
    const check = runPromtool(promtool, ["check", "rules", ...ruleFiles], scratch);
    const test = check.code === 0 ? runPromtool(promtool, ["test", "rules", ...testFiles], scratch) : undefined;
    const failed = check.code !== 0 ? check : test!.code !== 0 ? test! : undefined;
    if (failed) {
      process.stdout.write(describe(failed.output, scratch, sets) + "\n");
      return 1;
    }
    process.stdout.write(`promtool: ${sets.length} rule files checked, their unit tests pass\n`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function findRuleSets(root: string): RuleSet[] {
  let entries: string[];
  try {
    entries = readdirSync(root, { recursive: true }).map(String).sort();
  } catch {
    throw new UserError(`cannot read folder ${root}`);
  }
  return entries
    .filter((path) => PROMETHEUS_RULE_FILE.test(basename(path)))
    .map((path) => {
      const manifest = join(root, path);
      const tests = join(dirname(manifest), promtoolFilesFor(basename(manifest)).testFile);
      if (!statSync(tests, { throwIfNoEntry: false })?.isFile()) {
        throw new UserError(`no promtool tests next to it (expected ${tests})`, { file: manifest });
      }
      return { manifest, tests };
    });
}

/** Writes the manifest's rule groups under the name its tests expect, and a copy of the tests. */
function extract(set: RuleSet, folder: string): { ruleFile: string; testFile: string } {
  const manifest = parseYamlMapping(set.manifest, readFileSync(set.manifest, "utf8"));
  const object = manifest.value as { kind?: unknown; spec?: { groups?: unknown } };
  if (object.kind !== "PrometheusRule" || !Array.isArray(object.spec?.groups)) {
    throw new UserError("expected a PrometheusRule with spec.groups", { file: set.manifest, ...manifest.locate(["kind"]), path: "kind" });
  }
  const tests = parseYamlMapping(set.tests, readFileSync(set.tests, "utf8"));
  const ruleFiles = (tests.value as { rule_files?: unknown }).rule_files;
  const ruleFile = Array.isArray(ruleFiles) && ruleFiles.length === 1 ? ruleFiles[0] : undefined;
  if (typeof ruleFile !== "string" || ruleFile !== basename(ruleFile) || ruleFile.startsWith(".")) {
    throw new UserError("rule_files must name exactly one plain file name", { file: set.tests, ...tests.locate(["rule_files"]), path: "rule_files" });
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, ruleFile), stringify(ruleFileOf(object), { lineWidth: 0 }));
  writeFileSync(join(folder, basename(set.tests)), readFileSync(set.tests));
  return { ruleFile: join(folder, ruleFile), testFile: join(folder, basename(set.tests)) };
}

/** promtool's report with scratch paths turned back into the generated files they came from. */
function describe(output: string, scratch: string, sets: RuleSet[]): string {
  return output.replace(new RegExp(`${escapeRegExp(scratch)}/(\\d+)/([^\\s:]+)`, "g"), (whole, index: string, name: string) => {
    const set = sets[Number(index)];
    if (!set) return whole;
    return name.endsWith(PROMTOOL_TEST_SUFFIX) ? relative(".", set.tests) : `${relative(".", set.manifest)} (rule groups)`;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

await runCli(() => main(process.argv.slice(2)));
