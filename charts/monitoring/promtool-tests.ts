/**
 * promtool unit-test files for generated rule groups: for every alert, each of
 * its firing scenarios must produce exactly the expected alerts (labels and
 * rendered annotations), and each quiet scenario none. An alert's scenarios
 * play as phases of one test unless they must stand alone.
 */
import { renderAnnotation } from "./annotation-template";
import { minutesText, seriesText } from "./promql-text";
import { timeline } from "./scenario-timeline";
import { scenariosOf, type AlertingRule, type DeclaredTest, type InputSeries, type RuleGroup, type TestedRecordingRule } from "./rule-types";

export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: PromtoolTestGroup[];
}

export interface PromtoolTestGroup {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: Array<{
    eval_time: string;
    alertname: string;
    exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }>;
  }>;
  promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels: string; value: number }> }>;
}

/**
 * Where the tests of a PrometheusRule manifest live, next to it:
 * `prometheusrule.yaml` -> tests `prometheusrule.promtool-test.yaml`, whose
 * `rule_files` names `prometheusrule.rules.yaml` (the groups extracted from the
 * manifest when the tests run; that file is never generated).
 */
export function promtoolFilesFor(manifestFile: string): { testFile: string; ruleFile: string } {
  const base = manifestFile.replace(/\.yaml$/, "");
  return { testFile: `${base}${PROMTOOL_TEST_SUFFIX}`, ruleFile: `${base}.rules.yaml` };
}

export const PROMTOOL_TEST_SUFFIX = ".promtool-test.yaml";

export function promtoolTests(groups: RuleGroup[], ruleFileName: string): PromtoolTestFile {
  const tests: PromtoolTestGroup[] = [];
  for (const group of groups) {
    tests.push(...recordingTests(group.name, group.records ?? []));
    // Rules sharing a name in a group (latency per histogram, backups per deadline) get numbered tests.
    const named = new Map<string, number>();
    for (const rule of group.rules) named.set(rule.alert, (named.get(rule.alert) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const rule of group.rules) {
      const nth = (seen.get(rule.alert) ?? 0) + 1;
      seen.set(rule.alert, nth);
      const title = `${group.name} ${rule.alert}${named.get(rule.alert)! > 1 ? ` #${nth}` : ""}`;
      const scenarios = scenariosOf(rule);
      if (!scenarios) throw new Error(`alert ${rule.alert} in group ${group.name} carries no test scenarios (was it copied from a plain rule file?)`);
      scenarios.declared?.forEach((test, i) => tests.push(declaredTest(`${title} (given test ${i + 1})`, rule, test)));
      if (scenarios.firing.length + scenarios.quiet.length === 0) continue;
      const expected = scenarios.firing.map((s) =>
        s.alerts.map((a) => ({ exp_labels: { ...a.labels, ...rule.labels }, exp_annotations: renderedAnnotations(rule, a.labels, a.value) })),
      );
      // Quiet phases first: a firing phase's lookback must not reach into a quiet check.
      const phases = [...scenarios.quiet, ...scenarios.firing];
      const played = scenarios.standalone ? undefined : timeline(phases);
      if (played) {
        const checks = [...scenarios.quiet.map(() => []), ...expected];
        tests.push({
          name: `${title}: quiet ×${scenarios.quiet.length}, then fires ×${scenarios.firing.length}`,
          interval: "1m",
          input_series: played.series,
          alert_rule_test: checks.map((exp_alerts, i) => ({ eval_time: minutesText(played.evalMinutes[i]!), alertname: rule.alert, exp_alerts })),
        });
        continue;
      }
      scenarios.firing.forEach((s, i) => {
        tests.push(testGroup(`${title} fires (${i + 1})`, s.series, s.evalMinutes, rule.alert, expected[i]!));
      });
      scenarios.quiet.forEach((s, i) => {
        tests.push(testGroup(`${title} stays quiet (${i + 1})`, s.series, s.evalMinutes, rule.alert, []));
      });
    }
  }
  return { rule_files: [ruleFileName], evaluation_interval: "1m", tests };
}

/**
 * The test file as text: JSON (which is YAML promtool reads) with one test
 * case per line, so a diff shows which case changed. It renders several times
 * faster than block YAML, and test files are larger than the rules they test.
 */
export function promtoolTestsText(groups: RuleGroup[], ruleFileName: string): string {
  const file = promtoolTests(groups, ruleFileName);
  const head = `{"rule_files": ${JSON.stringify(file.rule_files)}, "evaluation_interval": ${JSON.stringify(file.evaluation_interval)}, "tests": [`;
  return `${head}\n${file.tests.map((t) => `  ${JSON.stringify(t)}`).join(",\n")}\n]}\n`;
}

function testGroup(
  name: string,
  series: InputSeries[],
  evalMinutes: number,
  alertname: string,
  expAlerts: PromtoolTestGroup["alert_rule_test"][number]["exp_alerts"],
): PromtoolTestGroup {
  return {
    name,
    interval: "1m",
    input_series: series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [{ eval_time: minutesText(evalMinutes), alertname, exp_alerts: expAlerts }],
  };
}

/**
 * The scenarios of a group's recording rules as promtool tests: rules whose
 * scenarios play the same series share a test (one check of each), so a
 * group of windows over one metric costs one test with samples and one
 * without.
 */
function recordingTests(groupName: string, rules: readonly TestedRecordingRule[]): PromtoolTestGroup[] {
  const tests = new Map<string, PromtoolTestGroup>();
  for (const rule of rules) {
    rule.scenarios().forEach((s, i) => {
      const input_series = s.series.map((x) => ({ series: x.series, values: x.values }));
      const key = JSON.stringify([i, s.samples.length > 0, input_series]);
      let test = tests.get(key);
      if (!test) {
        test = { name: `${groupName} recording rules: ${s.samples.length > 0 ? "record" : "record nothing"} (${i + 1})`, interval: "1m", input_series, alert_rule_test: [], promql_expr_test: [] };
        tests.set(key, test);
      }
      test.promql_expr_test!.push({
        expr: rule.record,
        eval_time: minutesText(s.evalMinutes),
        exp_samples: s.samples.map((sample) => ({ labels: seriesText(rule.record, { ...sample.labels, ...rule.labels }), value: sample.value })),
      });
    });
  }
  return [...tests.values()];
}

function declaredTest(name: string, rule: AlertingRule, test: DeclaredTest): PromtoolTestGroup {
  return {
    name,
    interval: test.interval,
    input_series: test.input_series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: test.checks.map((check) => ({
      eval_time: check.eval_time,
      alertname: rule.alert,
      exp_alerts: check.alerts.map((a) => ({
        exp_labels: { ...a.labels, ...rule.labels },
        // Given annotations were checked to name only the rule's own; the rest render without $value.
        exp_annotations: { ...renderedAnnotations(rule, a.labels, Number.NaN), ...a.annotations, runbook_url: rule.annotations.runbook_url! },
      })),
    })),
  };
}

function renderedAnnotations(rule: AlertingRule, labels: Record<string, string>, value: number): Record<string, string> {
  return Object.fromEntries(Object.entries(rule.annotations).map(([key, template]) => [key, renderAnnotation(template, labels, value)]));
}
