/** Broken SLOs and custom alerts: one clear error naming file, line, field and alert; exit code 2. */
import { describe, expect, it } from "vitest";
import { serviceRuleGroups, type ServiceAlertInput } from "../../charts/monitoring/alert-rules";
import { UserError } from "../../environments/source/errors";
import { loadSample, SAMPLE_FILE, SAMPLE_YAML } from "./sample-environment";

function errorOf(build: () => unknown): UserError {
  try {
    build();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error("expected a UserError");
}

/** The sample with one line replaced, and the 1-based line number of that line. */
function edited(find: string, replace: string): { ranker: ServiceAlertInput; llmChat: ServiceAlertInput; line: number } {
  const line = SAMPLE_YAML.split("\n").findIndex((l) => l.includes(find)) + 1;
  expect(line).toBeGreaterThan(0);
  const sample = loadSample(SAMPLE_YAML.replace(find, replace));
  return { ranker: sample.ranker, llmChat: sample.llmChat, line };
}

describe("bad alert input", () => {
  it.each([
    ["errorRatio: 0.01", "errorRatio: 1.5", "slo.errorRatio"],
    ["errorRatio: 0.01", "errorRatio: -0.1", "slo.errorRatio"],
    ["latencyP95Seconds: 0.25", "latencyP95Seconds: 0", "slo.latencyP95Seconds"],
    ["latencyP95Seconds: 0.25", "latencyP95Seconds: -2", "slo.latencyP95Seconds"],
    ["availability: 0.9", "availability: 0", "slo.availability"],
  ])("rejects %s changed to %s with file, line and field", (find, replace, field) => {
    const { ranker, line } = edited(find, replace);
    const err = errorOf(() => serviceRuleGroups(ranker));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`${SAMPLE_FILE}:${line}:`);
    expect(err.message).toContain(`services.ranker.${field}`);
    expect(err.message).toContain(JSON.stringify(Number(replace.split(": ")[1])));
  });

  it.each([
    ["window: 30d", "window: 1d", "slo.requests.window", /shorter than the 3d slow-burn window/],
    ["window: 30d", "window: 5m3h", "slo.requests.window", /not a duration Prometheus reads/],
    ["objective: 0.999", "objective: 0.5", "slo.requests.objective", /no error ratio could burn it fast enough to page; it must be above 0\.8333/],
    ["warning: { value: 0.05, for: 5m }", "warning: { value: 0.2, for: 5m }", "slo.errors.warning.value", /0\.2 is beyond the critical threshold 0\.1/],
    ["warning: { value: 0.5 }", "warning: { value: 1.5 }", "slo.latency.0.warning.value", /1\.5 is beyond the critical threshold 1/],
    ["critical: { value: 1, for: 10m }", "critical: { value: 1, for: 90s }", "slo.latency.0.critical.for", /not a duration of whole minutes/],
    ["replicaAvailability: 0.5", "replicaAvailability: 0.5\n      availability: 0.9", "slo.availability", /older name of replicaAvailability/],
  ])("rejects the SLO %s changed to %s at its field", (find, replace, field, message) => {
    const { llmChat, line } = edited(find, replace);
    const err = errorOf(() => serviceRuleGroups(llmChat));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`services.llm-chat.${field}`);
    expect(err.message).toMatch(message);
    if (field !== "slo.availability") expect(err.message).toContain(`${SAMPLE_FILE}:${line}:`);
  });

  it("rejects a custom alert whose PromQL does not parse, naming file, line and alert", () => {
    const { ranker, line } = edited(`expr: 'pg_stat_activity_count{datname="ranker"} > 90'`, `expr: 'rate(pg_stat_activity_count[5m] > 90'`);
    const err = errorOf(() => serviceRuleGroups(ranker));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`${SAMPLE_FILE}:${line}:`);
    expect(err.message).toContain("services.ranker.alerts.0.expr");
    expect(err.message).toContain('alert "DatabaseConnectionsHigh"');
    expect(err.message).toContain("invalid PromQL");
  });

  it("names the file a locator points to (a field inherited from an extended environment)", () => {
    const sample = loadSample();
    const locate = (path: Array<string | number>) => ({ file: "environments/base.yaml", line: 40 + path.length, column: 9 });
    const alert = { ...sample.ranker.customAlerts![0]!, expr: "rate(x[5m]" };
    const err = errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [alert], source: { file: SAMPLE_FILE, locate } }));
    expect(err.message).toMatch(/^environments\/base\.yaml:45:9 services\.ranker\.alerts\.0\.expr: alert "DatabaseConnectionsHigh"/);
  });

  it("rejects a custom alert whose PromQL does not type-check", () => {
    const { llmChat } = edited("rate(llm_generated_tokens_total{job=\"llm-chat\"}[10m])", "rate(llm_generated_tokens_total{job=\"llm-chat\"})");
    const err = errorOf(() => serviceRuleGroups(llmChat));
    expect(err.message).toContain('alert "LlmChatTokenThroughputLow"');
    expect(err.message).toContain('expected type matrix in call to function "rate"');
    expect(err.message).toContain("services.llm-chat.alerts.0.expr");
  });

  it("rejects an annotation template promtool tests could not predict", () => {
    const { ranker, line } = edited(`summary: "Database {{ $labels.datname }} is busy"`, `summary: "Database {{ query \\"up\\" }} is busy"`);
    const err = errorOf(() => serviceRuleGroups(ranker));
    expect(err.message).toContain(`${SAMPLE_FILE}:${line}:`);
    expect(err.message).toContain("services.ranker.alerts.0.summary");
    expect(err.message).toContain("is not supported");
  });

  it("rejects a custom alert that reuses a built-in name or sets a routing label", () => {
    const sample = loadSample();
    const alert = sample.ranker.customAlerts![0]!;
    expect(errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [{ ...alert, name: "ErrorRatioHigh" }] })).message).toContain("already defined");
    expect(errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [{ ...alert, labels: { team: "other" } }] })).message).toContain('label "team"');
  });

  it("asks for `tests` (a field the schema has) when series cannot be derived, and accepts them in promtool's terms", () => {
    const sample = loadSample();
    const alert = { ...sample.ranker.customAlerts![0]!, expr: "count(up{job=\"ranker\"}) < 3", description: "{{ $value }} targets" };
    const err = errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [alert] }));
    expect(err.message).toContain("cannot derive promtool test series");
    expect(err.message).toContain("add `tests`");
    expect(err.message).toContain("services.ranker.alerts.0.expr");
    const tests = [{
      input_series: [{ series: 'up{job="ranker", pod="a"}', values: "1x30" }],
      alert_rule_test: [
        { eval_time: "20m", exp_alerts: [{ exp_labels: {}, exp_annotations: { summary: "Database  is busy", description: "1 targets" } }] },
        { eval_time: "1m", exp_alerts: [] },
      ],
    }];
    const rule = serviceRuleGroups({ ...sample.ranker, customAlerts: [{ ...alert, tests }] }).at(-1)!.rules[0]!;
    expect(rule.alert).toBe("DatabaseConnectionsHigh");
  });

  it.each([
    ["a series promtool cannot read", { series: 'up{job=~"r.*"}', values: "1x30" }, "input_series.0.series", /is not an exact label value/],
    ["values promtool cannot read", { series: 'up{job="ranker"}', values: "1+x30" }, "input_series.0.values", /"1\+x30" is not promtool's expanding notation/],
  ])("rejects given tests with %s, naming the field", (_name, series, field, message) => {
    const sample = loadSample();
    const alert = { ...sample.ranker.customAlerts![0]!, expr: "count(up) < 3", description: "few targets" };
    const tests = [{ input_series: [series], alert_rule_test: [{ eval_time: "5m", exp_alerts: [] }, { eval_time: "9m", exp_alerts: [{ exp_labels: {} }] }] }];
    const err = errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [{ ...alert, tests }] }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`services.ranker.alerts.0.tests.0.${field}`);
    expect(err.message).toMatch(message);
  });

  it("rejects given tests without a quiet check, or expecting a $value annotation they do not state", () => {
    const sample = loadSample();
    const alert = { ...sample.ranker.customAlerts![0]!, expr: "count(up) < 3" };
    const onlyFiring = [{ input_series: [], alert_rule_test: [{ eval_time: "5m", exp_alerts: [{ exp_labels: {}, exp_annotations: { description: "3" } }] }] }];
    expect(errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [{ ...alert, tests: onlyFiring }] })).message).toContain("one where it stays quiet");
    const both = [{ input_series: [], alert_rule_test: [{ eval_time: "5m", exp_alerts: [{ exp_labels: {} }] }, { eval_time: "1m", exp_alerts: [] }] }];
    expect(errorOf(() => serviceRuleGroups({ ...sample.ranker, customAlerts: [{ ...alert, tests: both }] })).message).toContain("needs exp_annotations");
  });
});
