/**
 * What an Argo Rollouts analysis judges a new version on: the service's error
 * ratio and p95 latency at its SLO thresholds (or stricter ones), and metrics
 * the team adds. Each check is one Prometheus query on the new version's pods
 * and a threshold; as a promtool rule it fires on a failing series and stays
 * silent on a healthy one, so the query is tested like an alert.
 */
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { UserError, type SourceLocation } from "../../environments/source/errors";
import { promQLProblem } from "./promql";
import { counter, selector, seriesText } from "./promql-text";
import { seriesNameProblem, seriesValuesProblem } from "./promtool-series";
import type { AlertingRule, InputSeries, RuleGroup } from "./rule-types";
import { withScenarios } from "./rule-types";

/** The Rollout passes the new version's pod-template hash under this argument; the ServiceMonitor copies the pod label. */
const HASH_ARG = "{{args.pod-template-hash}}";
export const POD_TEMPLATE_HASH_LABEL = "rollouts_pod_template_hash";
/** What `{{args.pod-template-hash}}` reads as in promtool tests. */
const TEST_HASH = "canary";
const WINDOW = "5m";
/** Test series are judged at this minute: a 5m rate window and then some. */
const EVAL_MINUTES = 10;

export interface AnalysisCheck {
  name: string;
  /** PromQL with `{{args.pod-template-hash}}` for the new version's pods. */
  query: string;
  /** The new version fails when the result is on this side of the threshold. */
  fails: "above" | "below";
  threshold: number;
  tests: { healthy: InputSeries[]; failing: InputSeries[] };
}

export interface AnalysisSettings {
  interval: string;
  count?: number;
  failureLimit: number;
  prometheusAddress: string;
  checks: AnalysisCheck[];
}

/**
 * A canary or blue-green service is analysed unless it opts out or has nothing
 * to be judged on; the queries read what its ServiceMonitor scrapes, so not
 * where monitoring is off.
 */
export function hasAnalysis(env: ResolvedEnvironment, svc: ResolvedService): boolean {
  if (svc.analysis?.enabled === false || !env.monitoring.enabled) return false;
  return sloErrorRatio(svc) !== undefined || sloLatencySeconds(svc) !== undefined || (svc.analysis?.metrics.length ?? 0) > 0;
}

/**
 * The error ratio the service's SLO allows: `slo.errorRatio`, or else the
 * critical threshold of `slo.errors` (the level that pages: a new version
 * there is broken), or the warning one when only that is set.
 */
function sloErrorRatio(svc: ResolvedService): number | undefined {
  return svc.slo.errorRatio ?? svc.slo.errors?.critical?.value ?? svc.slo.errors?.warning?.value;
}

/** The p95 latency the SLO allows on the service's own histogram, read the same way. */
function sloLatencySeconds(svc: ResolvedService): number | undefined {
  if (svc.slo.latencyP95Seconds !== undefined) return svc.slo.latencyP95Seconds;
  const p95 = svc.slo.latency.find((l) => (l.histogram ?? svc.metrics.latencyHistogram) === svc.metrics.latencyHistogram && l.quantile === 0.95);
  return p95?.critical?.value ?? p95?.warning?.value;
}

export function analysisSettings(env: ResolvedEnvironment, svc: ResolvedService): AnalysisSettings {
  const a = svc.analysis;
  return {
    interval: a?.interval ?? "1m",
    // A canary's background analysis runs until the rollout completes; a promotion waits for a fixed count.
    ...(svc.delivery === "blueGreen" ? { count: a?.count ?? 5 } : a?.count !== undefined ? { count: a.count } : {}),
    failureLimit: a?.failureLimit ?? 0,
    prometheusAddress: a?.prometheusAddress ?? `http://prometheus-operated.${env.monitoring.namespace}.svc:9090`,
    checks: analysisChecks(svc),
  };
}

export function analysisChecks(svc: ResolvedService): AnalysisCheck[] {
  const checks: AnalysisCheck[] = [];
  const errorRatio = svc.analysis?.errorRatio ?? sloErrorRatio(svc);
  const latency = svc.analysis?.latencyP95Seconds ?? sloLatencySeconds(svc);
  if (errorRatio !== undefined) checks.push(errorRatioCheck(svc, errorRatio));
  if (latency !== undefined) checks.push(latencyCheck(svc, latency));
  for (const m of svc.analysis?.metrics ?? []) {
    checks.push({ name: m.name, query: m.query, fails: m.failAbove !== undefined ? "above" : "below", threshold: (m.failAbove ?? m.failBelow)!, tests: m.tests });
  }
  return checks;
}

const newPods = (svc: ResolvedService, hash: string) => ({ namespace: svc.namespace, service: svc.name, [POD_TEMPLATE_HASH_LABEL]: hash });

function errorRatioCheck(svc: ResolvedService, max: number): AnalysisCheck {
  const { requestsTotal, statusCodeLabel } = svc.metrics;
  const scope = Object.entries(newPods(svc, HASH_ARG)).map(([k, v]) => [k, "=", v] as const);
  const errors = selector(requestsTotal, [...scope, [statusCodeLabel, "=~", "5.."]]);
  const all = selector(requestsTotal, scope);
  // 100 requests a minute, a share of them 5xx: half the threshold passes, halfway to 100% fails.
  const traffic = (share: number) => [
    { series: seriesText(requestsTotal, { ...newPods(svc, TEST_HASH), [statusCodeLabel]: "200" }), values: counter(100 * (1 - share), EVAL_MINUTES + 5) },
    { series: seriesText(requestsTotal, { ...newPods(svc, TEST_HASH), [statusCodeLabel]: "503" }), values: counter(100 * share, EVAL_MINUTES + 5) },
  ];
  return {
    name: "error-ratio",
    // No 5xx series yet is a ratio of 0, not a missing answer.
    query: `(sum(rate(${errors}[${WINDOW}])) or vector(0))\n  /\nsum(rate(${all}[${WINDOW}]))`,
    fails: "above",
    threshold: max,
    tests: { healthy: traffic(max / 2), failing: traffic(max + (1 - max) / 2) },
  };
}

function latencyCheck(svc: ResolvedService, max: number): AnalysisCheck {
  const histogram = svc.metrics.latencyHistogram;
  const buckets = selector(`${histogram}_bucket`, Object.entries(newPods(svc, HASH_ARG)).map(([k, v]) => [k, "=", v] as const));
  // Buckets at threshold/2, 2× and 4×: every request in the fastest passes, every one in the slowest fails.
  const bounds = [max / 2, max * 2, max * 4];
  const requestsUpTo = (slowest: number) =>
    [...bounds.map((le) => ({ le: String(le), perMinute: le >= slowest ? 60 : 0 })), { le: "+Inf", perMinute: 60 }].map(({ le, perMinute }) => ({
      series: seriesText(`${histogram}_bucket`, { ...newPods(svc, TEST_HASH), le }),
      values: counter(perMinute, EVAL_MINUTES + 5),
    }));
  return {
    name: "latency-p95",
    query: `histogram_quantile(0.95, sum by (le) (rate(${buckets}[${WINDOW}])))`,
    fails: "above",
    threshold: max,
    tests: { healthy: requestsUpTo(bounds[0]!), failing: requestsUpTo(bounds[2]!) },
  };
}

/**
 * Guards both conditions: an empty result (the new version not scraped yet,
 * or no request counted) then meets neither, an inconclusive measurement that
 * pauses the rollout, where `result[0]` alone would be an evaluation error
 * and, after a few, an aborted rollout.
 */
const NON_EMPTY = "len(result) > 0 && ";

/** Argo Rollouts' conditions on the query's first sample. */
export function conditions(check: AnalysisCheck): { successCondition: string; failureCondition: string } {
  const [pass, fail] = check.fails === "above" ? ["<=", ">"] : [">=", "<"];
  return { successCondition: `${NON_EMPTY}result[0] ${pass} ${check.threshold}`, failureCondition: `${NON_EMPTY}result[0] ${fail} ${check.threshold}` };
}

/** The comparison of a failure condition gitops-forge writes (or wrote, before the guard), or undefined for another. */
export function failureThreshold(condition: string): { fails: "above" | "below"; threshold: string } | undefined {
  const match = /^(?:len\(result\) > 0 && )?result\[0\] ([<>]) (\S+)$/.exec(condition);
  return match ? { fails: match[1] === ">" ? "above" : "below", threshold: match[2]! } : undefined;
}

/** The query as promtool and the PromQL parser read it: the new version is the test's `canary`. */
const testQuery = (query: string) => query.replaceAll(HASH_ARG, TEST_HASH);

/**
 * A metric of an AnalysisTemplate as a promtool rule: `count((query) > threshold)`
 * gives one unlabelled sample when the new version fails, none when it passes.
 * Read back from the failure condition, so the generated template itself is tested.
 */
export function analysisRule(metric: { name: string; query: string; failureCondition: string }): AlertingRule {
  const condition = failureThreshold(metric.failureCondition);
  if (!condition) throw new UserError(`analysis metric ${metric.name}: failureCondition "${metric.failureCondition}" is not "result[0] > threshold" or "< threshold"`);
  return { alert: analysisAlertName(metric.name), expr: `count((${testQuery(metric.query)}) ${condition.fails === "above" ? ">" : "<"} ${condition.threshold})`, for: "0m", labels: {}, annotations: {} };
}

/** The analysis as promtool rules: each check must fire on its failing series and stay silent on its healthy ones. */
export function analysisRuleGroup(svc: ResolvedService): RuleGroup {
  return {
    name: analysisGroupName(svc.name),
    rules: analysisChecks(svc).map((check) =>
      withScenarios(analysisRule({ name: check.name, query: check.query, ...conditions(check) }), () => ({
        firing: [{ series: check.tests.failing, evalMinutes: EVAL_MINUTES, alerts: [{ labels: {}, value: 1 }] }],
        quiet: [{ series: check.tests.healthy, evalMinutes: EVAL_MINUTES }],
        standalone: true,
      })),
    ),
  };
}

export const analysisGroupName = (service: string) => `${service}.analysis`;

/** `model-accuracy` -> `AnalysisModelAccuracyFails`. */
const analysisAlertName = (metric: string) => `Analysis${metric.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Fails`;

/** The team's metrics parse as PromQL and their test series are promtool's notation, each at its line. */
export function checkAnalysisMetrics(svc: ResolvedService, at: (path: Array<string | number>) => SourceLocation): void {
  svc.analysis?.metrics.forEach((m, i) => {
    const path = ["services", svc.name, "analysis", "metrics", i];
    const problem = promQLProblem(testQuery(m.query));
    if (problem) throw new UserError(`analysis metric "${m.name}": invalid PromQL: ${problem.message} at character ${problem.offset + 1} (with {{args.pod-template-hash}} read as ${TEST_HASH})`, at([...path, "query"]));
    for (const kind of ["healthy", "failing"] as const) {
      m.tests[kind].forEach((s, j) => {
        const problem = seriesNameProblem(s.series) ?? seriesValuesProblem(s.values);
        if (problem) throw new UserError(problem, at([...path, "tests", kind, j, seriesNameProblem(s.series) ? "series" : "values"]));
      });
    }
  });
}
