/**
 * A service's `slo` block as alert definitions: the single-threshold SLOs
 * (error ratio, p95 latency), thresholds per severity (error ratio and any
 * number of latency histograms), burn-rate alerts with their recording rules
 * for a request-based objective, replica availability and the scrape target.
 * Each field is checked here, with its location, before anything is built.
 */
import { UserError, checkEach, type SourceLocation } from "../../environments/source/errors";
import type { AlertDefinition } from "./alert-definition";
import { burnRateAlerts, burnRateProblem, errorRatioRecords, type RequestObjective } from "./burn-rate";
import { durationSeconds, isMetricName } from "./promql-text";
import type { Severity, TestedRecordingRule } from "./rule-types";
import { errorRatioAlert, latencyAlert, replicasAlert, targetDownAlert, type SloTarget } from "./slo-alerts";

export interface Threshold {
  value: number;
  for?: string;
}

interface SeverityThresholds {
  warning?: Threshold;
  critical?: Threshold;
}

export interface ServiceSlo {
  errorRatio?: number;
  latencyP95Seconds?: number;
  /** Older name of replicaAvailability, still read. */
  availability?: number;
  replicaAvailability?: number;
  requests?: RequestObjective;
  errors?: SeverityThresholds;
  latency?: Array<SeverityThresholds & { histogram?: string; quantile?: number }>;
}

export interface ServiceSloRules {
  /** The `<service>.slo` group's alerts. */
  alerts: AlertDefinition[];
  /** The `<service>.slo-burn` group: error-ratio recording rules and burn-rate alerts. */
  burn?: { records: TestedRecordingRule[]; alerts: AlertDefinition[] };
}

type At = (path: Array<string | number>) => SourceLocation;

const SEVERITIES = ["warning", "critical"] as const;
const DEFAULT_FOR = "5m";

export function serviceSloRules(target: SloTarget, slo: ServiceSlo, at: At): ServiceSloRules {
  const replicas = checkServiceSlo(target, slo, at);
  const alerts: AlertDefinition[] = [
    ...(slo.errorRatio !== undefined ? [errorRatioAlert(target, slo.errorRatio)] : []),
    ...(slo.latencyP95Seconds !== undefined ? [latencyAlert(target, slo.latencyP95Seconds)] : []),
    ...errorThresholdAlerts(target, slo.errors, at),
    ...latencyThresholdAlerts(target, slo.latency ?? [], at),
    replicasAlert(target, replicas),
    targetDownAlert(target),
  ];
  if (!slo.requests) return { alerts };
  return { alerts, burn: { records: errorRatioRecords(target), alerts: burnRateAlerts(target, slo.requests) } };
}

/** Checks every SLO field without building rules (as loading does); returns the replica threshold. */
export function checkServiceSlo(target: SloTarget, slo: ServiceSlo, at: At): number {
  let replicas = 1;
  // Each part is checked even after another failed: every mistake of the SLOs is reported.
  const parts = [
    () => checkSingleThresholds(slo, at),
    () => (replicas = replicaAvailability(slo, at)),
    () => errorThresholds(slo.errors, at),
    () => latencyThresholds(target, slo.latency ?? [], at),
    () => {
      const problem = slo.requests && burnRateProblem(slo.requests);
      if (problem) throw new UserError(problem.message, at(["slo", "requests", problem.field]));
    },
  ];
  checkEach(parts, (check) => check());
  return replicas;
}

function checkSingleThresholds(slo: ServiceSlo, at: At): void {
  const { errorRatio, latencyP95Seconds } = slo;
  const bad = (field: string, value: unknown, rule: string) =>
    new UserError(`${JSON.stringify(value)}: it must be ${rule}`, at(["slo", field]));
  if (errorRatio !== undefined && !(Number.isFinite(errorRatio) && errorRatio >= 0 && errorRatio < 1)) {
    throw bad("errorRatio", errorRatio, "a ratio from 0 up to (not including) 1, e.g. 0.01 for 1%");
  }
  if (latencyP95Seconds !== undefined && !(Number.isFinite(latencyP95Seconds) && latencyP95Seconds > 0)) {
    throw bad("latencyP95Seconds", latencyP95Seconds, "a positive number of seconds, e.g. 0.5");
  }
  for (const field of ["availability", "replicaAvailability"] as const) {
    const value = slo[field];
    if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= 1)) throw bad(field, value, "a ratio above 0 and at most 1, e.g. 0.99");
  }
}

/** `replicaAvailability`, or its older name `availability` (default 1: any missing replica). */
function replicaAvailability(slo: ServiceSlo, at: At): number {
  if (slo.availability !== undefined && slo.replicaAvailability !== undefined) {
    throw new UserError("availability is the older name of replicaAvailability; set only replicaAvailability", at(["slo", "availability"]));
  }
  return slo.replicaAvailability ?? slo.availability ?? 1;
}

/** Each severity's threshold and `for`, the warning below the critical one; at least one is set. */
function checkedSeverities(given: SeverityThresholds, path: Array<string | number>, at: At, check: (value: number) => string | undefined) {
  const set = SEVERITIES.filter((s) => given[s] !== undefined);
  if (set.length === 0) throw new UserError("set a warning threshold, a critical one or both", at(path));
  for (const severity of set) {
    const { value, for: holdFor = DEFAULT_FOR } = given[severity]!;
    const problem = check(value);
    if (problem) throw new UserError(`${severity} threshold ${JSON.stringify(value)}: it must be ${problem}`, at([...path, severity, "value"]));
    const seconds = durationSeconds(holdFor);
    if (seconds === undefined || seconds % 60 !== 0) {
      throw new UserError(`"${holdFor}" is not a duration of whole minutes like 5m`, at([...path, severity, "for"]));
    }
  }
  const { warning, critical } = given;
  if (warning && critical && warning.value >= critical.value) {
    throw new UserError(
      `warning threshold ${warning.value} is beyond the critical threshold ${critical.value}; a warning must come before the page`,
      at([...path, "warning", "value"]),
    );
  }
  return set.map((severity) => ({ severity: severity as Severity, value: given[severity]!.value, forMinutes: durationSeconds(given[severity]!.for ?? DEFAULT_FOR)! / 60 }));
}

const NAMES: Record<"errors" | "latency", Record<"warning" | "critical", string>> = {
  errors: { warning: "ErrorRatioWarning", critical: "ErrorRatioCritical" },
  latency: { warning: "LatencyWarning", critical: "LatencyCritical" },
};

function errorThresholds(errors: SeverityThresholds | undefined, at: At) {
  if (!errors) return [];
  return checkedSeverities(errors, ["slo", "errors"], at, (v) => (Number.isFinite(v) && v > 0 && v < 1 ? undefined : "a ratio above 0 and below 1"));
}

function errorThresholdAlerts(target: SloTarget, errors: SeverityThresholds | undefined, at: At): AlertDefinition[] {
  return errorThresholds(errors, at).map((l) =>
    errorRatioAlert(target, l.value, { alert: NAMES.errors[l.severity as "warning"], severity: l.severity, forMinutes: l.forMinutes, labels: { slo: "error-ratio" } }),
  );
}

/** Each latency objective's histogram, quantile, `slo` label and thresholds, checked. */
function latencyThresholds(target: SloTarget, objectives: NonNullable<ServiceSlo["latency"]>, at: At) {
  const seen = new Set<string>();
  return objectives.map((objective, i) => {
    const histogram = objective.histogram ?? target.metrics.latencyHistogram;
    const quantile = objective.quantile ?? 0.95;
    if (!isMetricName(histogram)) throw new UserError(`"${histogram}" is not a Prometheus metric name`, at(["slo", "latency", i, "histogram"]));
    if (!(quantile > 0 && quantile < 1)) throw new UserError(`${quantile} must be above 0 and below 1`, at(["slo", "latency", i, "quantile"]));
    // The `slo` label tells the alerts of two histograms apart (and pairs warning with critical).
    const slo = `latency-p${Number((quantile * 100).toPrecision(4))}:${histogram}`;
    if (seen.has(slo)) throw new UserError(`${histogram} at quantile ${quantile} is already given`, at(["slo", "latency", i]));
    seen.add(slo);
    const levels = checkedSeverities(objective, ["slo", "latency", i], at, (v) => (Number.isFinite(v) && v > 0 ? undefined : "a positive number of seconds"));
    return { histogram, quantile, slo, levels };
  });
}

function latencyThresholdAlerts(target: SloTarget, objectives: NonNullable<ServiceSlo["latency"]>, at: At): AlertDefinition[] {
  return latencyThresholds(target, objectives, at).flatMap(({ histogram, quantile, slo, levels }) =>
    levels.map((l) =>
      latencyAlert(target, l.value, { alert: NAMES.latency[l.severity as "warning"], severity: l.severity, forMinutes: l.forMinutes, labels: { slo }, histogram, quantile }),
    ),
  );
}
