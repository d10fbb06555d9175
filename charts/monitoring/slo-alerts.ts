/** Alerts on a service's declared SLOs: error ratio, p95 latency, availability, scrape target. */
import { percent, seriesMinutes, type AlertDefinition } from "./alert-definition";
import { counter, minutesText, selector, seriesText, steady } from "./promql-text";
import type { Severity } from "./rule-types";

export interface TrafficMetrics {
  requestsTotal: string;
  statusCodeLabel: string;
  latencyHistogram: string;
}

export interface SloTarget {
  namespace: string;
  service: string;
  metrics: TrafficMetrics;
  /** A StatefulSet: its replicas are read from kube_statefulset_* instead of kube_deployment_*. */
  stateful?: boolean;
  /** An Argo Rollout: its replicas are read from Argo Rollouts' own metrics (kube-state-metrics knows no Rollouts). */
  rollout?: boolean;
}

/** The series of a workload's available and desired replicas, and the label naming the workload. */
export interface ReplicaSeries {
  available: string;
  desired: string;
  label: string;
}

const DEPLOYMENT_REPLICAS: ReplicaSeries = { available: "kube_deployment_status_replicas_available", desired: "kube_deployment_spec_replicas", label: "deployment" };
const STATEFULSET_REPLICAS: ReplicaSeries = { available: "kube_statefulset_status_replicas_ready", desired: "kube_statefulset_replicas", label: "statefulset" };
const ROLLOUT_REPLICAS: ReplicaSeries = { available: "rollout_info_replicas_available", desired: "rollout_info_replicas_desired", label: "name" };

/** The replica series of a workload by its kind: kube-state-metrics' for a StatefulSet or Deployment, Argo Rollouts' for a Rollout. */
export function replicaSeries(t: Pick<SloTarget, "stateful" | "rollout">): ReplicaSeries {
  if (t.stateful) return STATEFULSET_REPLICAS;
  return t.rollout ? ROLLOUT_REPLICAS : DEPLOYMENT_REPLICAS;
}

/** Rate window of the SLO expressions, in minutes. */
const WINDOW = 5;

/** Which alert a threshold gives: a service's single SLO threshold pages, or one per severity. */
export interface ThresholdAlert {
  alert: string;
  severity: Severity;
  forMinutes: number;
  /** Extra labels: with several severities, the objective both share (for inhibition). */
  labels?: Record<string, string>;
}

export function errorRatioAlert(t: SloTarget, maxRatio: number, as: ThresholdAlert = { alert: "ErrorRatioHigh", severity: "critical", forMinutes: 5 }): AlertDefinition {
  const { requestsTotal, statusCodeLabel } = t.metrics;
  const scope = [["namespace", "=", t.namespace], ["service", "=", t.service]] as const;
  const errors = selector(requestsTotal, [...scope, [statusCodeLabel, "=~", "5.."]]);
  const all = selector(requestsTotal, scope);
  const forMinutes = as.forMinutes;
  const evalMinutes = forMinutes + WINDOW + 5;
  // 100 requests a minute, a share of them 5xx: halfway between the SLO and 100% fires, half the SLO does not.
  const traffic = (errorShare: number) => [
    { series: seriesText(requestsTotal, { namespace: t.namespace, service: t.service, [statusCodeLabel]: "200" }), values: counter(100 * (1 - errorShare), seriesMinutes(evalMinutes)) },
    { series: seriesText(requestsTotal, { namespace: t.namespace, service: t.service, [statusCodeLabel]: "503" }), values: counter(100 * errorShare, seriesMinutes(evalMinutes)) },
  ];
  const firingShare = maxRatio + (1 - maxRatio) / 2;
  return {
    alert: as.alert,
    expr:
      `sum by (namespace, service) (rate(${errors}[${WINDOW}m]))\n  /\n` +
      `sum by (namespace, service) (rate(${all}[${WINDOW}m]))\n  > ${maxRatio}`,
    for: minutesText(forMinutes),
    severity: as.severity,
    ...(as.labels ? { labels: as.labels } : {}),
    summary: "{{ $labels.service }} in {{ $labels.namespace }} fails too many requests",
    description: `{{ $value | humanizePercentage }} of the requests to {{ $labels.service }} in {{ $labels.namespace }} failed with a 5xx status over ${WINDOW}m; the SLO allows ${percent(maxRatio)}.`,
    scenarios: () => ({
      firing: [{ series: traffic(firingShare), evalMinutes, alerts: [{ labels: { namespace: t.namespace, service: t.service }, value: firingShare }] }],
      quiet: [{ series: traffic(maxRatio / 2), evalMinutes }, { series: [], evalMinutes }],
    }),
  };
}

/** A quantile of a latency histogram above a threshold; by default the p95 SLO alert on the service's histogram. */
export function latencyAlert(
  t: SloTarget,
  maxP95Seconds: number,
  as: ThresholdAlert & { histogram?: string; quantile?: number } = { alert: "LatencyP95High", severity: "critical", forMinutes: 10 },
): AlertDefinition {
  const histogram = as.histogram ?? t.metrics.latencyHistogram;
  const quantile = as.quantile ?? 0.95;
  const buckets = selector(`${histogram}_bucket`, [["namespace", "=", t.namespace], ["service", "=", t.service]]);
  const forMinutes = as.forMinutes;
  const evalMinutes = forMinutes + WINDOW + 5;
  const name = `p${Number((quantile * 100).toPrecision(4))}`;
  // Buckets at SLO/2, 2×SLO, 4×SLO: all requests in (2×SLO, 4×SLO] put the
  // quantile q at (2 + 2q)×SLO; all of them under SLO/2 put it at q/2×SLO.
  const bounds = [maxP95Seconds / 2, maxP95Seconds * 2, maxP95Seconds * 4];
  const requestsUpTo = (slowest: number) => [
    ...bounds.map((le) => ({ le: String(le), perMinute: le >= slowest ? 60 : 0 })),
    { le: "+Inf", perMinute: 60 },
  ].map(({ le, perMinute }) => ({
    series: seriesText(`${histogram}_bucket`, { namespace: t.namespace, service: t.service, le }),
    values: counter(perMinute, seriesMinutes(evalMinutes)),
  }));
  return {
    alert: as.alert,
    expr: `histogram_quantile(${quantile}, sum by (namespace, service, le) (rate(${buckets}[${WINDOW}m]))) > ${maxP95Seconds}`,
    for: minutesText(forMinutes),
    severity: as.severity,
    ...(as.labels ? { labels: as.labels } : {}),
    summary: "{{ $labels.service }} in {{ $labels.namespace }} answers too slowly",
    description: `The ${name} latency of {{ $labels.service }} in {{ $labels.namespace }}${as.histogram ? ` (${histogram})` : ""} is {{ $value | humanizeDuration }} over ${WINDOW}m; the SLO is ${maxP95Seconds}s.`,
    scenarios: () => ({
      firing: [{
        series: requestsUpTo(bounds[2]!),
        evalMinutes,
        alerts: [{ labels: { namespace: t.namespace, service: t.service }, value: bounds[1]! + (bounds[2]! - bounds[1]!) * quantile }],
      }],
      quiet: [{ series: requestsUpTo(bounds[0]!), evalMinutes }],
    }),
  };
}

/** Available replicas below `availability` × desired (1: any missing replica). */
export function replicasAlert(t: SloTarget, availability: number): AlertDefinition {
  const { available, desired, label } = replicaSeries(t);
  const scope = [["namespace", "=", t.namespace], [label, "=", t.service]] as const;
  const forMinutes = 10;
  const evalMinutes = forMinutes + 5;
  const deployment = (availableCount: number, desiredCount: number) => [
    { series: seriesText(available, { namespace: t.namespace, [label]: t.service }), values: steady(availableCount, seriesMinutes(evalMinutes)) },
    { series: seriesText(desired, { namespace: t.namespace, [label]: t.service }), values: steady(desiredCount, seriesMinutes(evalMinutes)) },
  ];
  return {
    alert: "ReplicasUnavailable",
    expr: `${selector(available, scope)}\n  /\n${selector(desired, scope)}\n  < ${availability}`,
    for: minutesText(forMinutes),
    severity: "critical",
    summary: `{{ $labels.${label} }} in {{ $labels.namespace }} is missing replicas`,
    description: `Only {{ $value | humanizePercentage }} of the desired replicas of {{ $labels.${label} }} in {{ $labels.namespace }} are available; the SLO needs ${percent(availability)}.`,
    scenarios: () => ({
      firing: [{ series: deployment(0, 4), evalMinutes, alerts: [{ labels: { namespace: t.namespace, [label]: t.service }, value: 0 }] }],
      quiet: [{ series: deployment(4, 4), evalMinutes }],
    }),
  };
}

/** No scrape target for the service, or none of them up. */
export function targetDownAlert(t: SloTarget): AlertDefinition {
  const up = selector("up", [["namespace", "=", t.namespace], ["service", "=", t.service]]);
  const forMinutes = 5;
  const evalMinutes = forMinutes + 5;
  const upSeries = (value: number) => [{ series: seriesText("up", { namespace: t.namespace, service: t.service, pod: `${t.service}-6d4cf56db6-abcde` }), values: steady(value, seriesMinutes(evalMinutes)) }];
  const labels = { namespace: t.namespace, service: t.service };
  return {
    alert: "MetricsTargetDown",
    expr: `absent(${up}) or (max by (namespace, service) (${up}) == 0)`,
    for: minutesText(forMinutes),
    severity: "critical",
    summary: "{{ $labels.service }} in {{ $labels.namespace }} cannot be scraped",
    description: "Prometheus has no scrape target of {{ $labels.service }} in {{ $labels.namespace }} that is up: the service is down or its metrics endpoint is gone, so its SLO alerts are blind.",
    scenarios: () => ({
      firing: [
        { series: [], evalMinutes, alerts: [{ labels, value: 1 }] },
        { series: upSeries(0), evalMinutes, alerts: [{ labels, value: 0 }] },
      ],
      quiet: [{ series: upSeries(1), evalMinutes }],
    }),
  };
}
