/**
 * Multi-window, multi-burn-rate alerts on a request-based SLO (Google SRE
 * workbook, chapter 5, as Sloth and Pyrra write them): recording rules hold
 * the error ratio of a service over 5m to 3d, a fast burn pages (2% of the
 * window's budget in 1h, confirmed over 5m; or 5% in 6h, confirmed over 30m)
 * and a slow burn opens a ticket (10% in 1d, confirmed over 2h; or 10% in 3d,
 * confirmed over 6h). For a 30-day window those are the workbook's burn rates
 * 14.4, 6, 3 and 1.
 */
import { percent, seriesMinutes, type AlertDefinition } from "./alert-definition";
import { NAMESPACE_PLACEHOLDER as NAMESPACE, PlaceholderText, SERVICE_PLACEHOLDER as SERVICE } from "../placeholder-text";
import { counter, durationSeconds, minutesText, quote, selector, seriesText, type Matcher } from "./promql-text";
import type { InputSeries, TestedRecordingRule } from "./rule-types";
import type { SloTarget } from "./slo-alerts";

export interface RequestObjective {
  objective: number;
  window: string;
}

/** Windows the recording rules cover, in minutes. */
const WINDOWS = [5, 30, 60, 120, 360, 1440, 4320] as const;
/** The slowest alert looks back this far: a shorter SLO window cannot be burnt at these rates. */
export const SLOW_BURN_WINDOW_SECONDS = 3 * 86400;

/** A pair of windows and the share of the budget the long one may burn. */
interface BurnCondition {
  longMinutes: number;
  shortMinutes: number;
  budgetShare: number;
}

const PAGE: BurnCondition[] = [
  { longMinutes: 60, shortMinutes: 5, budgetShare: 0.02 },
  { longMinutes: 360, shortMinutes: 30, budgetShare: 0.05 },
];
const TICKET: BurnCondition[] = [
  { longMinutes: 1440, shortMinutes: 120, budgetShare: 0.1 },
  { longMinutes: 4320, shortMinutes: 360, budgetShare: 0.1 },
];

/** Why the objective cannot be alerted on by burn rate, or undefined. */
export function burnRateProblem(slo: RequestObjective): { field: "objective" | "window"; message: string } | undefined {
  if (!(slo.objective > 0 && slo.objective < 1)) return { field: "objective", message: `${slo.objective} must be above 0 and below 1, e.g. 0.999` };
  const window = durationSeconds(slo.window);
  if (window === undefined || window <= 0) return { field: "window", message: `"${slo.window}" is not a duration Prometheus reads, e.g. 30d or 4w` };
  if (window < SLOW_BURN_WINDOW_SECONDS) return { field: "window", message: `"${slo.window}" is shorter than the 3d slow-burn window` };
  // The paging burn rates must be reachable: at most every request failing.
  if (burnRate(PAGE[1]!, window) * (1 - slo.objective) >= 1) {
    const lowest = 1 - 1 / burnRate(PAGE[1]!, window);
    return { field: "objective", message: `${slo.objective} leaves so large a budget that no error ratio could burn it fast enough to page; it must be above ${Number(lowest.toFixed(4))}` };
  }
  return undefined;
}

function burnRate(c: BurnCondition, windowSeconds: number): number {
  return Number(((c.budgetShare * windowSeconds) / (c.longMinutes * 60)).toPrecision(6));
}

/** `1d`, `3d` as Sloth and Pyrra name the day windows; `6h`, `30m` otherwise. */
const windowText = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440}d` : minutesText(minutes));
const recordName = (minutes: number) => `slo:sli_error:ratio_rate${windowText(minutes)}`;

/** The error ratio of the service over each window, labelled with its namespace and service. */
export function errorRatioRecords(t: SloTarget): TestedRecordingRule[] {
  const exprs = perService(`records ${t.metrics.requestsTotal} ${t.metrics.statusCodeLabel}`, t, (scoped) => {
    const { requestsTotal, statusCodeLabel } = t.metrics;
    const errors = selector(requestsTotal, [...scoped, [statusCodeLabel, "=~", "5.."]]);
    const all = selector(requestsTotal, scoped);
    return WINDOWS.map(
      (minutes) =>
        `sum by (namespace, service) (rate(${errors}[${windowText(minutes)}]))\n  /\n` +
        `sum by (namespace, service) (rate(${all}[${windowText(minutes)}]))`,
    );
  });
  const labels = { namespace: t.namespace, service: t.service };
  return WINDOWS.map((minutes, i) => ({
    record: recordName(minutes),
    expr: exprs[i]!,
    // Half the requests fail: both rates are equal, so the ratio is exactly 0.5.
    scenarios: () => [
      { series: traffic(t, 0.5, 30), evalMinutes: 10, samples: [{ labels, value: 0.5 }] },
      { series: [], evalMinutes: 10, samples: [] },
    ],
  }));
}

const templates = new Map<string, PlaceholderText[]>();

/**
 * Texts that differ per service only in its namespace and service names
 * (matched as `namespace="…", service="…"`), built once per `key` with
 * placeholder names and filled for each service: most services share their
 * SLO's shape, and building these selectors was a large part of a synth.
 */
function perService(key: string, t: SloTarget, build: (scope: Matcher[]) => string[]): string[] {
  let texts = templates.get(key);
  if (texts === undefined) {
    texts = build([["namespace", "=", NAMESPACE], ["service", "=", SERVICE]]).map((text) => new PlaceholderText(text, [NAMESPACE, SERVICE]));
    if (templates.size >= 1_000) templates.clear();
    templates.set(key, texts);
  }
  return texts.map((text) => text.fill([quoted(t.namespace), quoted(t.service)]));
}

/** A name as `quote` writes it inside the quotes. */
function quoted(name: string): string {
  return quote(name).slice(1, -1);
}

/** Requests for `minutes`, a share `errorShare` of them failing. */
function traffic(t: SloTarget, errorShare: number, minutes: number): InputSeries[] {
  const { requestsTotal, statusCodeLabel } = t.metrics;
  const series = (code: string, perMinute: number) => ({
    series: seriesText(requestsTotal, { namespace: t.namespace, service: t.service, [statusCodeLabel]: code }),
    values: counter(perMinute, minutes),
  });
  return [series("200", 600 * (1 - errorShare)), series("503", 600 * errorShare)];
}

function burnExpr(scope: Matcher[], conditions: BurnCondition[], budget: number, windowSeconds: number): string {
  const above = (minutes: number, rate: number) => `${selector(recordName(minutes), scope)} > ${Number((rate * budget).toPrecision(6))}`;
  return conditions
    .map((c) => `(\n  ${above(c.longMinutes, burnRate(c, windowSeconds))}\n  and\n  ${above(c.shortMinutes, burnRate(c, windowSeconds))}\n)`)
    .join("\nor\n");
}

/** The page (critical) and ticket (warning) burn-rate alerts of an objective checked by burnRateProblem. */
export function burnRateAlerts(t: SloTarget, slo: RequestObjective): AlertDefinition[] {
  const windowSeconds = durationSeconds(slo.window)!;
  const budget = Number((1 - slo.objective).toPrecision(6));
  const labels = { namespace: t.namespace, service: t.service };
  const objective = `${percent(slo.objective)} over ${slo.window}`;
  // Error shares: a fast burn (above the 1h page rate, or every request when that is beyond reach),
  // a slow one (between the ticket's 3x and the page's 6h rate), one inside the budget.
  const fast = Math.min(1, burnRate(PAGE[0]!, windowSeconds) * budget * 1.25);
  const slow = ((burnRate(TICKET[0]!, windowSeconds) + burnRate(PAGE[1]!, windowSeconds)) / 2) * budget;
  const inside = budget / 2;
  const scenario = (share: number, forMinutes: number) => ({ series: traffic(t, share, seriesMinutes(forMinutes + 10)), evalMinutes: forMinutes + 10 });
  const [pageExpr, ticketExpr] = perService(`burn ${slo.objective} ${slo.window}`, t, (scope) => [burnExpr(scope, PAGE, budget, windowSeconds), burnExpr(scope, TICKET, budget, windowSeconds)]);
  const page: AlertDefinition = {
    alert: "ErrorBudgetBurnFast",
    expr: pageExpr!,
    for: "2m",
    severity: "critical",
    summary: "{{ $labels.service }} in {{ $labels.namespace }} burns its error budget fast",
    description: `{{ $value | humanizePercentage }} of the requests to {{ $labels.service }} in {{ $labels.namespace }} fail: at this rate the error budget of its SLO (${objective}) is gone within days.`,
    labels: { slo: "requests", burn: "fast" },
    // The rules look back up to 3d: each scenario gets a test of its own.
    scenarios: () => ({
      standalone: true,
      firing: [{ ...scenario(fast, 2), alerts: [{ labels, value: fast }] }],
      quiet: [scenario(slow, 2), scenario(inside, 2)],
    }),
  };
  const ticket: AlertDefinition = {
    alert: "ErrorBudgetBurnSlow",
    expr: ticketExpr!,
    for: "15m",
    severity: "warning",
    summary: "{{ $labels.service }} in {{ $labels.namespace }} burns its error budget",
    description: `{{ $value | humanizePercentage }} of the requests to {{ $labels.service }} in {{ $labels.namespace }} fail: at this rate the error budget of its SLO (${objective}) runs out before the window ends.`,
    labels: { slo: "requests", burn: "slow" },
    scenarios: () => ({
      standalone: true,
      firing: [{ ...scenario(slow, 15), alerts: [{ labels, value: slow }] }],
      quiet: [scenario(inside, 15)],
    }),
  };
  return [page, ticket];
}
