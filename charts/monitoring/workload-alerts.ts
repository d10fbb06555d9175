/**
 * Alerts on how services' Deployments, HPAs, PDBs and containers behave: for
 * one service, or for several services of a namespace in one rule each (the
 * rules then name the service in a `service` label taken from the object or pod).
 */
import { seriesMinutes, type AlertDefinition } from "./alert-definition";
import { counter, minutesText, quote, selector, seriesText, steady, regexLiteral, type Matcher } from "./promql-text";

export interface Workload {
  namespace: string;
  /** The services the rules cover; test series are made for the first. */
  services: readonly [string, ...string[]];
  /** Rules for a namespace's services, each alert labelled with its service (else: one service's rules). */
  namespaceWide?: boolean;
  /** Those of `services` that run as StatefulSets, whose pods are named `<service>-<ordinal>`. */
  statefulSets?: readonly string[];
  /** Objects a service names otherwise (names.hpa, names.pdb): kube-state-metrics label -> service -> object name. */
  objectNames?: Readonly<Partial<Record<ObjectLabel, Readonly<Record<string, string>>>>>;
}

/** kube-state-metrics labels naming a service's objects. */
export type ObjectLabel = "horizontalpodautoscaler" | "poddisruptionbudget";

function objectName(w: Workload, label: string, service: string): string {
  return w.objectNames?.[label as ObjectLabel]?.[service] ?? service;
}

function shared(w: Workload): boolean {
  return w.namespaceWide === true;
}

/** The service names as a regular expression: `ranker` or `(ranker|search)`. */
function servicePattern(w: Workload, services: readonly string[] = w.services): string {
  return shared(w) ? `(${services.map(regexLiteral).join("|")})` : regexLiteral(services[0]!);
}

/** Deployment pods: `<service>-<template hash>-<suffix>`, not those of `<service>-other`; StatefulSet pods: `<service>-<ordinal>`. */
function podPattern(w: Workload): string {
  const { deployments, statefulSets } = byKind(w);
  const deploymentPods = deployments.length > 0 ? `${servicePattern(w, deployments)}-[a-z0-9]+-[a-z0-9]+` : undefined;
  const statefulPods = statefulSets.length > 0 ? `${servicePattern(w, statefulSets)}-[0-9]+` : undefined;
  return [deploymentPods, statefulPods].filter((p) => p !== undefined).join("|");
}

/** The services of the rules split by workload kind, each list in the order given. */
function byKind(w: Workload): { deployments: string[]; statefulSets: string[] } {
  const stateful = new Set(w.statefulSets ?? []);
  return { deployments: w.services.filter((s) => !stateful.has(s)), statefulSets: w.services.filter((s) => stateful.has(s)) };
}

/** The service a pod name matched by `podPattern` belongs to: the group of whichever alternative matched. */
function podServiceGroups(w: Workload): string {
  const { deployments, statefulSets } = byKind(w);
  return deployments.length > 0 && statefulSets.length > 0 ? "$1$2" : "$1";
}

export function podMatchers(w: Workload): Matcher[] {
  return [["namespace", "=", w.namespace], ["pod", "=~", podPattern(w)]];
}

/** Objects named after their service (HPA, PDB, Deployment), unless the service names them otherwise. */
function objectMatchers(w: Workload, label: string): Matcher[] {
  const names = w.services.map((service) => objectName(w, label, service));
  return [["namespace", "=", w.namespace], shared(w) ? [label, "=~", names.map(regexLiteral).join("|")] : [label, "=", names[0]!]];
}

/** A rule over several services labels each alert with its service, taken from `label` (an object named otherwise maps to its service). */
export function serviceFrom(w: Workload, expr: string, label: string): string {
  if (!shared(w)) return expr;
  const pattern = label === "pod" ? podPattern(w) : "(.*)";
  const renamed = label === "pod" ? [] : w.services.filter((service) => objectName(w, label, service) !== service);
  const replacement = label === "pod" ? podServiceGroups(w) : "$1";
  return renamed.reduce(
    (inner, service) => `label_replace(\n${inner},\n  "service", ${quote(service)}, ${quote(label)}, ${quote(regexLiteral(objectName(w, label, service)))})`,
    `label_replace(\n${expr},\n  "service", ${quote(replacement)}, ${quote(label)}, ${quote(pattern)})`,
  );
}

/** Output labels of an alert for the first service, as `serviceFrom` leaves them. */
export function alertLabels(w: Workload, labels: Record<string, string>): Record<string, string> {
  return shared(w) ? { ...labels, service: w.services[0] } : labels;
}

/** A pod name the matchers above select, for test series. */
export function examplePod(w: Workload): string {
  return w.statefulSets?.includes(w.services[0]) ? `${w.services[0]}-0` : `${w.services[0]}-7d9f8b6c5d-x2x4q`;
}

function podLabels(w: Workload, extra: Record<string, string> = {}): Record<string, string> {
  return { namespace: w.namespace, pod: examplePod(w), container: w.services[0], ...extra };
}

/** A kube-state-metrics status gauge of the service's object compared with its limit. */
interface StatusAtLimit {
  alert: string;
  /** Label that names the object in kube-state-metrics (`horizontalpodautoscaler`, ...). */
  objectLabel: string;
  status: string;
  limit: string;
  op: ">=" | "<=";
  summary: string;
  description: string;
  /** [status, limit] values of the firing and of the quiet series. */
  firing: [number, number];
  quiet: [number, number];
}

function statusAtLimitAlert(w: Workload, spec: StatusAtLimit): AlertDefinition {
  const scope = objectMatchers(w, spec.objectLabel);
  const forMinutes = 15;
  const evalMinutes = forMinutes + 5;
  const labels = { namespace: w.namespace, [spec.objectLabel]: objectName(w, spec.objectLabel, w.services[0]) };
  const series = ([status, limit]: [number, number]) => [
    { series: seriesText(spec.status, labels), values: steady(status, seriesMinutes(evalMinutes)) },
    { series: seriesText(spec.limit, labels), values: steady(limit, seriesMinutes(evalMinutes)) },
  ];
  return {
    alert: spec.alert,
    expr: serviceFrom(w, `${selector(spec.status, scope)}\n  ${spec.op}\n${selector(spec.limit, scope)}`, spec.objectLabel),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: spec.summary,
    description: spec.description.replace("{for}", minutesText(forMinutes)),
    scenarios: () => ({
      firing: [{ series: series(spec.firing), evalMinutes, alerts: [{ labels: alertLabels(w, labels), value: spec.firing[0] }] }],
      quiet: [{ series: series(spec.quiet), evalMinutes }],
    }),
  };
}

export function hpaMaxedAlert(w: Workload): AlertDefinition {
  return statusAtLimitAlert(w, {
    alert: "HPAMaxedOut",
    objectLabel: "horizontalpodautoscaler",
    status: "kube_horizontalpodautoscaler_status_current_replicas",
    limit: "kube_horizontalpodautoscaler_spec_max_replicas",
    op: ">=",
    summary: "{{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} is pinned at its maximum replicas",
    description: "The HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has run at its maximum of {{ $value }} replicas for {for}: it cannot absorb more load.",
    firing: [8, 8],
    quiet: [3, 8],
  });
}

export function pdbAtLimitAlert(w: Workload): AlertDefinition {
  return statusAtLimitAlert(w, {
    alert: "PodDisruptionBudgetAtLimit",
    objectLabel: "poddisruptionbudget",
    status: "kube_poddisruptionbudget_status_current_healthy",
    limit: "kube_poddisruptionbudget_status_desired_healthy",
    op: "<=",
    summary: "{{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} cannot tolerate a disruption",
    description: "The PodDisruptionBudget {{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} has only {{ $value }} healthy pods, no more than it must keep: node drains and upgrades are blocked.",
    firing: [2, 2],
    quiet: [3, 2],
  });
}

export function restartsAlert(w: Workload): AlertDefinition {
  const restarts = selector("kube_pod_container_status_restarts_total", podMatchers(w));
  const forMinutes = 5;
  const evalMinutes = forMinutes + 15 + 5;
  const series = (values: string) => [{ series: seriesText("kube_pod_container_status_restarts_total", podLabels(w)), values }];
  return {
    alert: "ContainerRestarting",
    expr: serviceFrom(w, `increase(${restarts}[15m]) > 2`, "pod"),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} keeps restarting",
    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted {{ $value | humanize }} times in 15m.",
    scenarios: () => ({
      // One restart a minute, steady: increase over 15m is 15.
      firing: [{ series: series(counter(1, seriesMinutes(evalMinutes))), evalMinutes, alerts: [{ labels: alertLabels(w, podLabels(w)), value: 15 }] }],
      quiet: [{ series: series(steady(1, seriesMinutes(evalMinutes))), evalMinutes }],
    }),
  };
}

export function oomKilledAlert(w: Workload): AlertDefinition {
  const matchers = podMatchers(w);
  const reason = selector("kube_pod_container_status_last_terminated_reason", [...matchers, ["reason", "=", "OOMKilled"]]);
  const restarts = selector("kube_pod_container_status_restarts_total", matchers);
  const forMinutes = 1;
  const evalMinutes = forMinutes + 10;
  const oomLabels = podLabels(w, { reason: "OOMKilled" });
  const series = (restartValues: string) => [
    { series: seriesText("kube_pod_container_status_last_terminated_reason", oomLabels), values: steady(1, seriesMinutes(evalMinutes)) },
    { series: seriesText("kube_pod_container_status_restarts_total", podLabels(w)), values: restartValues },
  ];
  return {
    alert: "ContainerOOMKilled",
    // The terminated reason stays after the fact; only a recent restart makes it news.
    expr: serviceFrom(w, `(${reason} == 1)\n  and on (namespace, pod, container)\n(increase(${restarts}[10m]) > 0)`, "pod"),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} was killed for running out of memory",
    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted in the last 10m after being OOMKilled: raise its memory limit or find the leak.",
    scenarios: () => ({
      firing: [{ series: series(counter(1, seriesMinutes(evalMinutes))), evalMinutes, alerts: [{ labels: alertLabels(w, oomLabels), value: 1 }] }],
      quiet: [{ series: series(steady(3, seriesMinutes(evalMinutes))), evalMinutes }],
    }),
  };
}

export function cpuThrottlingAlert(w: Workload): AlertDefinition {
  const matchers: Matcher[] = [...podMatchers(w), ["container", "!=", ""]];
  const throttled = selector("container_cpu_cfs_throttled_periods_total", matchers);
  const periods = selector("container_cpu_cfs_periods_total", matchers);
  const forMinutes = 15;
  const evalMinutes = forMinutes + 5 + 5;
  const series = (throttledPerMinute: number) => [
    { series: seriesText("container_cpu_cfs_throttled_periods_total", podLabels(w)), values: counter(throttledPerMinute, seriesMinutes(evalMinutes)) },
    { series: seriesText("container_cpu_cfs_periods_total", podLabels(w)), values: counter(600, seriesMinutes(evalMinutes)) },
  ];
  const by = "sum by (namespace, pod, container)";
  return {
    alert: "CPUThrottlingHigh",
    expr: serviceFrom(w, `${by} (rate(${throttled}[5m]))\n  /\n${by} (rate(${periods}[5m]))\n  > 0.25`, "pod"),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} is CPU-throttled",
    description: "{{ $value | humanizePercentage }} of the CFS periods of container {{ $labels.container }} in pod {{ $labels.pod }} ({{ $labels.namespace }}) were throttled over 5m: its CPU limit is too low.",
    scenarios: () => ({
      firing: [{ series: series(300), evalMinutes, alerts: [{ labels: alertLabels(w, podLabels(w)), value: 0.5 }] }],
      quiet: [{ series: series(60), evalMinutes }],
    }),
  };
}

export function memoryNearLimitAlert(w: Workload): AlertDefinition {
  const matchers = podMatchers(w);
  const workingSet = selector("container_memory_working_set_bytes", [...matchers, ["container", "!=", ""]]);
  const limits = selector("kube_pod_container_resource_limits", [...matchers, ["resource", "=", "memory"]]);
  const forMinutes = 15;
  const evalMinutes = forMinutes + 5;
  const gib = 1024 ** 3;
  const series = (usedBytes: number) => [
    { series: seriesText("container_memory_working_set_bytes", podLabels(w)), values: steady(usedBytes, seriesMinutes(evalMinutes)) },
    { series: seriesText("kube_pod_container_resource_limits", podLabels(w, { resource: "memory", unit: "byte" })), values: steady(4 * gib, seriesMinutes(evalMinutes)) },
  ];
  const by = "max by (namespace, pod, container)";
  return {
    alert: "MemoryNearLimit",
    expr: serviceFrom(w, `${by} (${workingSet})\n  /\n${by} (${limits})\n  > 0.9`, "pod"),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} is close to its memory limit",
    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} uses {{ $value | humanizePercentage }} of its memory limit; it will be OOMKilled if it grows.",
    scenarios: () => ({
      firing: [{ series: series(3.8 * gib), evalMinutes, alerts: [{ labels: alertLabels(w, podLabels(w)), value: 0.95 }] }],
      quiet: [{ series: series(2 * gib), evalMinutes }],
    }),
  };
}

export function workloadAlerts(w: Workload): AlertDefinition[] {
  return [hpaMaxedAlert(w), pdbAtLimitAlert(w), restartsAlert(w), oomKilledAlert(w), cpuThrottlingAlert(w), memoryNearLimitAlert(w)];
}
