/**
 * Alerts a service declares in its configuration: any PromQL with `for`,
 * severity and annotations. Each is checked here, before anything is written,
 * and gets promtool scenarios (declared, or derived from a simple expression).
 */
import { UserError, type SourceLocation } from "../../environments/source/errors";
import type { AlertDefinition, AlertText } from "./alert-definition";
import { parseAnnotationTemplate } from "./annotation-template";
import { deriveScenarios } from "./derived-scenarios";
import { checkPromQL } from "./promql";
import { durationSeconds, isLabelName, isMetricName } from "./promql-text";
import { seriesNameProblem, seriesValuesProblem } from "./promtool-series";
import type { DeclaredTest, RuleScenarios, Severity } from "./rule-types";
import type { AlertTestsConfig } from "../../environments/format/alert-tests";

export interface CustomAlert extends AlertText {
  name: string;
  /** promtool tests, in promtool's terms, for an expression too complex to derive them from. */
  tests?: AlertTestsConfig;
}

/** Where a field of the service's configuration is, for errors. */
export type Locator = (path: Array<string | number>) => SourceLocation;

const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export function customAlertDefinition(alert: CustomAlert, index: number, namespace: string, reserved: ReadonlySet<string>, at: Locator): AlertDefinition {
  const field = (name: string | number, ...rest: Array<string | number>) => at(["alerts", index, name, ...rest]);
  if (!isMetricName(alert.name)) throw new UserError(`alert name "${alert.name}" must match [a-zA-Z_:][a-zA-Z0-9_:]*`, field("name"));
  if (reserved.has(alert.name)) throw new UserError(`alert "${alert.name}" is already defined for this service; pick another name`, field("name"));
  checkPromQL(alert.expr, () => ({ ...field("expr"), alert: alert.name }));
  const forSeconds = durationSeconds(alert.for);
  if (forSeconds === undefined) throw new UserError(`alert "${alert.name}": for "${alert.for}" is not a duration like 5m or 1h30m`, field("for"));
  if (!SEVERITIES.includes(alert.severity)) {
    throw new UserError(`alert "${alert.name}": severity "${alert.severity}" must be one of ${SEVERITIES.join(", ")}`, field("severity"));
  }
  const usesValue = [checkTemplate(alert, "summary", field), checkTemplate(alert, "description", field)].some(Boolean);
  for (const key of Object.keys(alert.labels ?? {})) {
    if (!isLabelName(key) || reserved.has(key)) {
      throw new UserError(`alert "${alert.name}": label "${key}" is not a valid label name or is set by gitops-forge`, field("labels", key));
    }
  }
  // Derived now, not lazily: an expression they cannot be derived from is an input error.
  const scenarios = scenariosFor(alert, Math.ceil(forSeconds / 60), namespace, usesValue, field);
  return {
    alert: alert.name,
    expr: alert.expr,
    for: alert.for,
    severity: alert.severity,
    summary: alert.summary,
    description: alert.description,
    labels: alert.labels,
    scenarios: () => scenarios,
  };
}

/** Checks one annotation template; returns whether it prints the alert's value. */
function checkTemplate(alert: CustomAlert, key: "summary" | "description", field: Field): boolean {
  const template = alert[key];
  if (typeof template !== "string" || template.trim() === "") throw new UserError(`alert "${alert.name}": ${key} must be a non-empty text`, field(key));
  try {
    return parseAnnotationTemplate(template).some((piece) => "value" in piece);
  } catch (err) {
    throw new UserError(`alert "${alert.name}": ${key}: ${(err as Error).message}`, field(key));
  }
}

function scenariosFor(alert: CustomAlert, forMinutes: number, namespace: string, usesValue: boolean, field: Field): RuleScenarios {
  if (alert.tests) return { firing: [], quiet: [], declared: declaredTests(alert, alert.tests, usesValue, field) };
  const derived = deriveScenarios(alert.expr, forMinutes, namespace);
  if ("reason" in derived) {
    throw new UserError(
      `alert "${alert.name}": cannot derive promtool test series (${derived.reason}); add \`tests\` in promtool's terms: input_series and alert_rule_test (eval_time, exp_alerts), with a check where it fires and one where it stays quiet`,
      field("expr"),
    );
  }
  return derived;
}

type Field = (name: string | number, ...rest: Array<string | number>) => SourceLocation;

/** The environment's own promtool tests, checked as promtool would read them. */
function declaredTests(alert: CustomAlert, tests: AlertTestsConfig, usesValue: boolean, field: Field): DeclaredTest[] {
  const bad = (message: string, ...path: Array<string | number>) => new UserError(`alert "${alert.name}": ${message}`, field("tests", ...path));
  let fires = false;
  let quiet = false;
  const annotationKeys = new Set(["summary", "description", "runbook_url"]);
  const declared = tests.map((test, t): DeclaredTest => {
    if (test.interval !== undefined && !durationSeconds(test.interval)) throw bad(`interval "${test.interval}" is not a positive duration`, t, "interval");
    (test.input_series ?? []).forEach((s, i) => {
      const problem = seriesNameProblem(s.series);
      if (problem) throw bad(`input series ${JSON.stringify(s.series)} ${problem}`, t, "input_series", i, "series");
      const valuesProblem = seriesValuesProblem(s.values);
      if (valuesProblem) throw bad(`values of ${s.series}: ${valuesProblem}`, t, "input_series", i, "values");
    });
    const checks = test.alert_rule_test.map((check, c) => {
      if (durationSeconds(check.eval_time) === undefined) throw bad(`eval_time "${check.eval_time}" is not a duration like 15m`, t, "alert_rule_test", c, "eval_time");
      if (check.alertname !== undefined && check.alertname !== alert.name) {
        throw bad(`alertname "${check.alertname}" is not this alert's name (leave it out)`, t, "alert_rule_test", c, "alertname");
      }
      const expected = check.exp_alerts ?? [];
      if (expected.length > 0) fires = true;
      else quiet = true;
      return {
        eval_time: check.eval_time,
        alerts: expected.map((a, e) => {
          const at = [t, "alert_rule_test", c, "exp_alerts", e] as const;
          for (const key of Object.keys(a.exp_labels ?? {})) if (!isLabelName(key)) throw bad(`"${key}" is not a label name`, ...at, "exp_labels", key);
          for (const key of Object.keys(a.exp_annotations ?? {})) {
            if (!annotationKeys.has(key)) throw bad(`annotation "${key}" is not one of the alert's (summary, description, runbook_url)`, ...at, "exp_annotations", key);
          }
          if (usesValue && a.exp_annotations === undefined) throw bad("its annotations print $value, so each expected alert needs exp_annotations", ...at);
          return { labels: a.exp_labels ?? {}, ...(a.exp_annotations ? { annotations: a.exp_annotations } : {}) };
        }),
      };
    });
    return { interval: test.interval ?? "1m", input_series: test.input_series ?? [], checks };
  });
  if (!fires || !quiet) throw bad(`tests need a check where the alert fires (exp_alerts) and one where it stays quiet (exp_alerts: [])`);
  return declared;
}
