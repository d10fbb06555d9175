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
import type { InputSeries, RuleScenarios, Severity } from "./rule-types";

export interface CustomAlert extends AlertText {
  name: string;
  /**
   * promtool scenarios for an expression too complex to derive them from:
   * series that must fire at `at` with `labels` (the expression's output labels)
   * and `value`, and series that must not.
   */
  test?: { at: string; firing: InputSeries[]; labels: Record<string, string>; value?: number; quiet: InputSeries[] };
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
function checkTemplate(alert: CustomAlert, key: "summary" | "description", field: (name: string) => SourceLocation): boolean {
  const template = alert[key];
  if (typeof template !== "string" || template.trim() === "") throw new UserError(`alert "${alert.name}": ${key} must be a non-empty text`, field(key));
  try {
    return parseAnnotationTemplate(template).some((piece) => "value" in piece);
  } catch (err) {
    throw new UserError(`alert "${alert.name}": ${key}: ${(err as Error).message}`, field(key));
  }
}

function scenariosFor(alert: CustomAlert, forMinutes: number, namespace: string, usesValue: boolean, field: (name: string, ...rest: string[]) => SourceLocation): RuleScenarios {
  if (alert.test) {
    const atSeconds = durationSeconds(alert.test.at);
    if (atSeconds === undefined || atSeconds % 60 !== 0) throw new UserError(`alert "${alert.name}": test.at must be whole minutes like 20m`, field("test", "at"));
    if (usesValue && alert.test.value === undefined) {
      throw new UserError(`alert "${alert.name}": its annotations print the value, so test.value must say what the firing series give`, field("test"));
    }
    const evalMinutes = atSeconds / 60;
    // Declared series may look back before `at`: they run as tests of their own.
    return {
      standalone: true,
      firing: [{ series: alert.test.firing, evalMinutes, alerts: [{ labels: alert.test.labels, value: alert.test.value ?? 0 }] }],
      quiet: [{ series: alert.test.quiet, evalMinutes }],
    };
  }
  const derived = deriveScenarios(alert.expr, forMinutes, namespace);
  if ("reason" in derived) {
    throw new UserError(
      `alert "${alert.name}": cannot derive promtool test series (${derived.reason}); add a \`test\` with firing and quiet series`,
      field("expr"),
    );
  }
  return derived;
}
