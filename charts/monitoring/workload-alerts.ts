/** Alerts on how a service's Deployment, HPA, PDB and containers behave. */
import { seriesMinutes, type AlertDefinition } from "./alert-definition";
import { counter, minutesText, selector, seriesText, steady, regexLiteral, type Matcher } from "./promql-text";

export interface Workload {
  namespace: string;
  service: string;
}

/** Pods of the Deployment `<service>`: `<service>-<template hash>-<suffix>`, not those of `<service>-other`. */
export function podMatchers(w: Workload): Matcher[] {
  return [["namespace", "=", w.namespace], ["pod", "=~", `${regexLiteral(w.service)}-[a-z0-9]+-[a-z0-9]+`]];
}

/** A pod name the matchers above select, for test series. */
export function examplePod(w: Workload): string {
  return `${w.service}-7d9f8b6c5d-x2x4q`;
}

function podLabels(w: Workload, extra: Record<string, string> = {}): Record<string, string> {
  return { namespace: w.namespace, pod: examplePod(w), container: w.service, ...extra };
}

export function hpaMaxedAlert(w: Workload): AlertDefinition {
  const scope = [["namespace", "=", w.namespace], ["horizontalpodautoscaler", "=", w.service]] as const;
  const forMinutes = 15;
  const evalMinutes = forMinutes + 5;
  const labels = { namespace: w.namespace, horizontalpodautoscaler: w.service };
  const hpa = (current: number, max: number) => [
    { series: seriesText("kube_horizontalpodautoscaler_status_current_replicas", labels), values: steady(current, seriesMinutes(evalMinutes)) },
    { series: seriesText("kube_horizontalpodautoscaler_spec_max_replicas", labels), values: steady(max, seriesMinutes(evalMinutes)) },
  ];
  return {
    alert: "HPAMaxedOut",
    expr: `${selector("kube_horizontalpodautoscaler_status_current_replicas", scope)}\n  >=\n${selector("kube_horizontalpodautoscaler_spec_max_replicas", scope)}`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "{{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} is pinned at its maximum replicas",
    description: `The HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has run at its maximum of {{ $value }} replicas for ${forMinutes}m: it cannot absorb more load.`,
    scenarios: {
      firing: [{ series: hpa(8, 8), evalMinutes, alerts: [{ labels, value: 8 }] }],
      quiet: [{ series: hpa(3, 8), evalMinutes }],
    },
  };
}

export function pdbAtLimitAlert(w: Workload): AlertDefinition {
  const scope = [["namespace", "=", w.namespace], ["poddisruptionbudget", "=", w.service]] as const;
  const forMinutes = 15;
  const evalMinutes = forMinutes + 5;
  const labels = { namespace: w.namespace, poddisruptionbudget: w.service };
  const pdb = (healthy: number, desired: number) => [
    { series: seriesText("kube_poddisruptionbudget_status_current_healthy", labels), values: steady(healthy, seriesMinutes(evalMinutes)) },
    { series: seriesText("kube_poddisruptionbudget_status_desired_healthy", labels), values: steady(desired, seriesMinutes(evalMinutes)) },
  ];
  return {
    alert: "PodDisruptionBudgetAtLimit",
    expr: `${selector("kube_poddisruptionbudget_status_current_healthy", scope)}\n  <=\n${selector("kube_poddisruptionbudget_status_desired_healthy", scope)}`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "{{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} cannot tolerate a disruption",
    description: "The PodDisruptionBudget {{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} has only {{ $value }} healthy pods, no more than it must keep: node drains and upgrades are blocked.",
    scenarios: {
      firing: [{ series: pdb(2, 2), evalMinutes, alerts: [{ labels, value: 2 }] }],
      quiet: [{ series: pdb(3, 2), evalMinutes }],
    },
  };
}

export function restartsAlert(w: Workload): AlertDefinition {
  const restarts = selector("kube_pod_container_status_restarts_total", podMatchers(w));
  const forMinutes = 5;
  const evalMinutes = forMinutes + 15 + 5;
  const series = (values: string) => [{ series: seriesText("kube_pod_container_status_restarts_total", podLabels(w)), values }];
  return {
    alert: "ContainerRestarting",
    expr: `increase(${restarts}[15m]) > 2`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} keeps restarting",
    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted {{ $value | humanize }} times in 15m.",
    scenarios: {
      // One restart a minute, steady: increase over 15m is 15.
      firing: [{ series: series(counter(1, seriesMinutes(evalMinutes))), evalMinutes, alerts: [{ labels: podLabels(w), value: 15 }] }],
      quiet: [{ series: series(steady(1, seriesMinutes(evalMinutes))), evalMinutes }],
    },
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
    expr: `(${reason} == 1)\n  and on (namespace, pod, container)\n(increase(${restarts}[10m]) > 0)`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} was killed for running out of memory",
    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted in the last 10m after being OOMKilled: raise its memory limit or find the leak.",
    scenarios: {
      firing: [{ series: series(counter(1, seriesMinutes(evalMinutes))), evalMinutes, alerts: [{ labels: oomLabels, value: 1 }] }],
      quiet: [{ series: series(steady(3, seriesMinutes(evalMinutes))), evalMinutes }],
    },
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
    expr: `${by} (rate(${throttled}[5m]))\n  /\n${by} (rate(${periods}[5m]))\n  > 0.25`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} is CPU-throttled",
    description: "{{ $value | humanizePercentage }} of the CFS periods of container {{ $labels.container }} in pod {{ $labels.pod }} ({{ $labels.namespace }}) were throttled over 5m: its CPU limit is too low.",
    scenarios: {
      firing: [{ series: series(300), evalMinutes, alerts: [{ labels: podLabels(w), value: 0.5 }] }],
      quiet: [{ series: series(60), evalMinutes }],
    },
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
    expr: `${by} (${workingSet})\n  /\n${by} (${limits})\n  > 0.9`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Container {{ $labels.container }} of {{ $labels.pod }} is close to its memory limit",
    description: "Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} uses {{ $value | humanizePercentage }} of its memory limit; it will be OOMKilled if it grows.",
    scenarios: {
      firing: [{ series: series(3.8 * gib), evalMinutes, alerts: [{ labels: podLabels(w), value: 0.95 }] }],
      quiet: [{ series: series(2 * gib), evalMinutes }],
    },
  };
}

export function workloadAlerts(w: Workload): AlertDefinition[] {
  return [hpaMaxedAlert(w), pdbAtLimitAlert(w), restartsAlert(w), oomKilledAlert(w), cpuThrottlingAlert(w), memoryNearLimitAlert(w)];
}
