/**
 * Runs the real promtool on alerting rules and their unit tests, from either
 * source:
 * - generated/: every PrometheusRule manifest with promtool tests next to it
 *   (its rule groups are extracted into a scratch folder);
 * - --environments: the rules and tests of every service and environment,
 *   built in memory from environments/*.yaml (for a synth that does not write
 *   test files).
 * Then `promtool check rules` and `promtool test rules`. Writes only to a
 * scratch folder it removes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { App, Chart } from "cdk8s";
import { stringify } from "yaml";
import { environmentRuleGroups, prometheusRule, ruleFileOf, serviceRuleGroups, type RuleGroup } from "../charts/monitoring/alert-rules";
import { environmentAlertInput, serviceAlertInput } from "../charts/monitoring/environment-alerts";
import { alertGroupRules } from "../charts/monitoring/alert-groups";
import { PROMTOOL_TEST_SUFFIX, promtoolFilesFor, promtoolTestsText } from "../charts/monitoring/promtool-tests";
import { analysisGroupName, analysisRule, analysisRuleGroup } from "../charts/monitoring/analysis-checks";
import { hasAnalysis, isRollout } from "../charts/serving/rollout";
import { BackupSchedules } from "../charts/operations/backup-schedules";
import { parseCommand, print, runCli } from "./lib/cli";
import { ALERT_TESTS } from "./cli/specs/alert-tests";
import { progress } from "./cli/progress";
import { UserError } from "../environments/source/errors";
import { findPromtool, runPromtool } from "./lib/promtool";
import { ALERT_TESTS_FOLDER, loadEnvironments } from "./lib/synth/pipeline";
import { parseYamlMapping } from "../environments/source/yaml-source";

/** A manifest file name of kind PrometheusRule or AnalysisTemplate in the generated layout. */
const PROMETHEUS_RULE_FILE = /^(prometheusrule|analysistemplate)(-[a-z0-9.-]+)?\.yaml$/;

/** A rule file and its tests in the scratch folder, with what to call them in reports. */
interface WrittenSet {
  ruleFile: string;
  testFile: string;
  rulesFrom: string;
  testsFrom: string;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(ALERT_TESTS, argv);
  const promtool = findPromtool();
  if (!promtool) throw new UserError("promtool is not installed (Debian: apt-get install prometheus)");
  const scratch = mkdtempSync(join(tmpdir(), "gitops-forge-alert-tests-"));
  try {
    const sets = values.environments ? fromEnvironments(values.root!, values.env, scratch) : fromGenerated(values.dir!, scratch);
    return runSets(promtool, scratch, sets);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runSets(promtool: string, scratch: string, sets: WrittenSet[]): number {
  progress.step(`promtool check rules on ${sets.length} rule files`);
  const check = runPromtool(promtool, ["check", "rules", ...sets.map((s) => s.ruleFile)], scratch);
  progress.step(`promtool test rules on ${sets.length} test files`);
  const test = check.code === 0 ? runPromtool(promtool, ["test", "rules", ...sets.map((s) => s.testFile)], scratch) : undefined;
  const failed = check.code !== 0 ? check : test!.code !== 0 ? test! : undefined;
  if (failed) {
    print(describe(failed.output, scratch, sets) + "\n");
    return 1;
  }
  print(`promtool: ${sets.length} rule files checked, their unit tests pass\n`);
  return 0;
}

/**
 * Every PrometheusRule manifest under `root` (the generated/ folder) with its
 * tests at the mirrored path under `root/alert-tests/`.
 */
function fromGenerated(root: string, scratch: string): WrittenSet[] {
  let entries: string[];
  try {
    entries = readdirSync(root, { recursive: true }).map(String).sort();
  } catch {
    throw new UserError(`cannot read folder ${root}`);
  }
  const testsRoot = `${ALERT_TESTS_FOLDER}/`;
  const manifests = entries.filter((path) => !path.startsWith(testsRoot) && PROMETHEUS_RULE_FILE.test(basename(path)));
  if (manifests.length === 0) throw new UserError(`no PrometheusRule manifests under ${root}`);
  return manifests.map((path, i) => {
    const manifest = join(root, path);
    const tests = join(root, testsRoot, dirname(path), promtoolFilesFor(basename(path)).testFile);
    if (!statSync(tests, { throwIfNoEntry: false })?.isFile()) {
      throw new UserError(`no promtool tests for it (expected ${tests})`, { file: manifest });
    }
    const testText = readFileSync(tests, "utf8");
    const written = writeSet(join(scratch, String(i)), manifestRules(manifest), tests, testText);
    return { ...written, rulesFrom: `${relative(".", manifest)} (rule groups)`, testsFrom: relative(".", tests) };
  });
}

function fromEnvironments(root: string, only: string[] | undefined, scratch: string): WrittenSet[] {
  const sets: WrittenSet[] = [];
  const add = (label: string, namespace: string, groups: RuleGroup[]) => {
    if (groups.length === 0) return;
    const { testFile, ruleFile } = promtoolFilesFor("prometheusrule.yaml");
    const object = prometheusRule({ name: label.replaceAll("/", "-"), namespace, labels: {} }, groups);
    const written = writeSet(join(scratch, String(sets.length)), ruleFileOf(object), testFile, promtoolTestsText(groups, ruleFile));
    sets.push({ ...written, rulesFrom: `${label} (rule groups)`, testsFrom: `${label} (promtool tests)` });
  };
  for (const env of loadEnvironments(root, only)) {
    for (const svc of env.services) {
      add(`${env.name}/${svc.namespace}/${svc.name}`, svc.namespace, serviceRuleGroups(serviceAlertInput(env, svc)));
      if (isRollout(svc) && hasAnalysis(env, svc)) add(`${env.name}/${svc.namespace}/${svc.name}/analysis`, svc.namespace, [analysisRuleGroup(svc)]);
    }
    const schedules = new BackupSchedules(new Chart(new App(), env.name), "backups", env).schedules;
    add(`${env.name}/backups`, env.backup.namespace, environmentRuleGroups(environmentAlertInput(env, schedules)));
    if (env.monitoring.enabled) for (const rule of alertGroupRules(env, env.locate)) add(`${env.name}/${rule.namespace}/${rule.name}`, rule.namespace, rule.groups);
  }
  return sets;
}

/** The rule groups of a PrometheusRule manifest, or an AnalysisTemplate's metrics as rules, as a rule file. */
function manifestRules(manifest: string): object {
  const doc = parseYamlMapping(manifest, readFileSync(manifest, "utf8"));
  const object = doc.value as { kind?: unknown; metadata?: { name?: unknown }; spec?: { groups?: unknown; metrics?: unknown } };
  if (object.kind === "AnalysisTemplate" && Array.isArray(object.spec?.metrics)) return analysisRuleFile(object as AnalysisTemplateManifest, manifest);
  if (object.kind !== "PrometheusRule" || !Array.isArray(object.spec?.groups)) {
    throw new UserError("expected a PrometheusRule with spec.groups", { file: manifest, ...doc.locate(["kind"]), path: "kind" });
  }
  return ruleFileOf(object);
}

type AnalysisTemplateManifest = { metadata: { name: string }; spec: { metrics: Array<{ name: string; failureCondition: string; provider: { prometheus?: { query: string } } }> } };

/** An AnalysisTemplate's Prometheus metrics as the rules their tests expect. */
function analysisRuleFile(object: AnalysisTemplateManifest, manifest: string): object {
  const metrics = object.spec.metrics.filter((m) => m.provider.prometheus);
  try {
    return { groups: [{ name: analysisGroupName(object.metadata.name), rules: metrics.map((m) => analysisRule({ name: m.name, query: m.provider.prometheus!.query, failureCondition: m.failureCondition })) }] };
  } catch (err) {
    throw err instanceof UserError ? new UserError(err.message, { file: manifest }) : err;
  }
}

/** Writes a rule file under the name its tests expect, and the tests, into `folder`. */
function writeSet(folder: string, rules: object, testsName: string, testText: string): { ruleFile: string; testFile: string } {
  const tests = parseYamlMapping(testsName, testText);
  const ruleFiles = (tests.value as { rule_files?: unknown }).rule_files;
  const ruleFile = Array.isArray(ruleFiles) && ruleFiles.length === 1 ? ruleFiles[0] : undefined;
  if (typeof ruleFile !== "string" || ruleFile !== basename(ruleFile) || ruleFile.startsWith(".")) {
    throw new UserError("rule_files must name exactly one plain file name", { file: testsName, ...tests.locate(["rule_files"]), path: "rule_files" });
  }
  mkdirSync(folder, { recursive: true });
  const testFile = join(folder, basename(testsName));
  writeFileSync(join(folder, ruleFile), stringify(rules, { lineWidth: 0 }));
  writeFileSync(testFile, testText);
  return { ruleFile: join(folder, ruleFile), testFile };
}

/** promtool's report with scratch paths turned back into what they came from. */
function describe(output: string, scratch: string, sets: WrittenSet[]): string {
  return output.replace(new RegExp(`${escapeRegExp(scratch)}/(\\d+)/([^\\s:]+)`, "g"), (whole, index: string, name: string) => {
    const set = sets[Number(index)];
    if (!set) return whole;
    return name.endsWith(PROMTOOL_TEST_SUFFIX) ? set.testsFrom : set.rulesFrom;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
