/**
 * Prometheus alerting rules as plain objects, plus the test scenarios that
 * travel with each rule so `promtoolTests` can prove it fires and stays quiet.
 */

export type Severity = "critical" | "warning" | "info";

/** One alerting rule exactly as Prometheus reads it (rule files and PrometheusRule). */
export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** One recording rule exactly as Prometheus reads it. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** Series for a recording rule and the samples it must record from them at `evalMinutes` (none: quiet). */
export interface RecordingScenario {
  series: InputSeries[];
  evalMinutes: number;
  samples: Array<{ labels: Record<string, string>; value: number }>;
}

/** A recording rule with scenarios that prove what it records (one with samples, one without). */
export interface TestedRecordingRule extends RecordingRule {
  scenarios: () => RecordingScenario[];
}

export interface RuleGroup {
  name: string;
  /** How often Prometheus evaluates the group (default: its global evaluation_interval). */
  interval?: string;
  /** Recording rules, written before the alerts: the alerts may read what they record. */
  records?: TestedRecordingRule[];
  rules: AlertingRule[];
}

/** An input series in promtool's notation, e.g. `{ series: 'up{job="x"}', values: "1+0x30" }`. */
export interface InputSeries {
  series: string;
  values: string;
}

/** Series that must make the alert fire at `evalMinutes`, with what it must fire with. */
export interface FiringScenario {
  series: InputSeries[];
  evalMinutes: number;
  /** Output labels of the expression (without rule labels) of every alert that fires. */
  alerts: Array<{ labels: Record<string, string>; value: number }>;
}

/** Series that must leave the alert silent at `evalMinutes`. */
export interface QuietScenario {
  series: InputSeries[];
  evalMinutes: number;
}

/**
 * A promtool test the environment gives, in promtool's terms: each check's
 * expected alerts list the expression's output labels (the rule's labels are
 * added) and, when given, the rendered annotations (runbook_url is added).
 */
export interface DeclaredTest {
  interval: string;
  input_series: InputSeries[];
  checks: Array<{ eval_time: string; alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string> }> }>;
}

/** Every alert has at least one firing and one quiet scenario (or declared tests holding both). */
export interface RuleScenarios {
  firing: FiringScenario[];
  quiet: QuietScenario[];
  declared?: DeclaredTest[];
  /**
   * Each scenario needs a test of its own: its values depend on absolute test
   * time (time()) or the rule looks back further than a scenario lasts.
   */
  standalone?: boolean;
}

/**
 * Scenarios are attached under a symbol: JSON, YAML and structured clones of a
 * rule carry only the Prometheus fields, while spreads keep the scenarios.
 */
export const SCENARIOS: unique symbol = Symbol("gitops-forge.alert-scenarios");

export type TestedAlertingRule = AlertingRule & { [SCENARIOS]?: () => RuleScenarios };

export function withScenarios(rule: AlertingRule, scenarios: () => RuleScenarios): TestedAlertingRule {
  (rule as TestedAlertingRule)[SCENARIOS] = scenarios;
  return rule;
}

export function scenariosOf(rule: AlertingRule): RuleScenarios | undefined {
  return (rule as TestedAlertingRule)[SCENARIOS]?.();
}
