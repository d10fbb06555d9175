/** Alerts from NVIDIA DCGM exporter metrics (pod-mapped labels namespace, pod, container). */
import { seriesMinutes, type AlertDefinition } from "./alert-definition";
import { minutesText, selector, seriesText, steady } from "./promql-text";
import { alertLabels, examplePod, podMatchers, serviceFrom, type Workload } from "./workload-alerts";

/**
 * Labels dcgm-exporter puts on a GPU's series when it maps GPUs to pods (it
 * adds UUID, device, modelName and Hostname too, which the rules aggregate
 * away like `gpu`).
 */
function gpuLabels(w: Workload): Record<string, string> {
  return { gpu: "0", namespace: w.namespace, pod: examplePod(w), container: w.services[0] };
}

function podOf(w: Workload): Record<string, string> {
  return { namespace: w.namespace, pod: examplePod(w), container: w.services[0] };
}

const BY_CONTAINER = "by (namespace, pod, container)";

function utilizationAlert(w: Workload, kind: "saturated" | "idle"): AlertDefinition {
  const util = selector("DCGM_FI_DEV_GPU_UTIL", podMatchers(w));
  const saturated = kind === "saturated";
  const forMinutes = saturated ? 15 : 30;
  const evalMinutes = forMinutes + 5;
  const series = (percent: number) => [{ series: seriesText("DCGM_FI_DEV_GPU_UTIL", gpuLabels(w)), values: steady(percent, seriesMinutes(evalMinutes)) }];
  const [firing, quiet] = saturated ? [99, 60] : [2, 60];
  return {
    alert: saturated ? "GPUSaturated" : "GPUIdle",
    expr: serviceFrom(w, `avg ${BY_CONTAINER} (${util}) ${saturated ? "> 95" : "< 5"}`, "pod"),
    for: minutesText(forMinutes),
    severity: saturated ? "warning" : "info",
    summary: saturated
      ? "GPUs of {{ $labels.pod }} are saturated"
      : "GPUs of {{ $labels.pod }} are idle",
    description: saturated
      ? `The GPUs of container {{ $labels.container }} in pod {{ $labels.pod }} ({{ $labels.namespace }}) have been {{ $value }}% busy for ${forMinutes}m: requests queue up; scale out.`
      : `The GPUs of container {{ $labels.container }} in pod {{ $labels.pod }} ({{ $labels.namespace }}) have been only {{ $value }}% busy for ${forMinutes}m: an expensive accelerator is wasted; scale in.`,
    scenarios: () => ({
      firing: [{ series: series(firing), evalMinutes, alerts: [{ labels: alertLabels(w, podOf(w)), value: firing }] }],
      quiet: [{ series: series(quiet), evalMinutes }],
    }),
  };
}

export function gpuMemoryAlert(w: Workload): AlertDefinition {
  const used = selector("DCGM_FI_DEV_FB_USED", podMatchers(w));
  const free = selector("DCGM_FI_DEV_FB_FREE", podMatchers(w));
  const forMinutes = 10;
  const evalMinutes = forMinutes + 5;
  // Framebuffer sizes in MiB, as DCGM reports them (80 GiB card).
  const series = (usedMiB: number) => [
    { series: seriesText("DCGM_FI_DEV_FB_USED", gpuLabels(w)), values: steady(usedMiB, seriesMinutes(evalMinutes)) },
    { series: seriesText("DCGM_FI_DEV_FB_FREE", gpuLabels(w)), values: steady(81920 - usedMiB, seriesMinutes(evalMinutes)) },
  ];
  return {
    alert: "GPUMemoryNearlyFull",
    expr: serviceFrom(w, `max ${BY_CONTAINER} (${used} / (${used} + ${free})) > 0.9`, "pod"),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "GPU memory of {{ $labels.pod }} is nearly full",
    description: "A GPU of container {{ $labels.container }} in pod {{ $labels.pod }} ({{ $labels.namespace }}) has {{ $value | humanizePercentage }} of its memory in use: larger batches or models will fail to allocate.",
    scenarios: () => ({
      firing: [{ series: series(77824), evalMinutes, alerts: [{ labels: alertLabels(w, podOf(w)), value: 0.95 }] }],
      quiet: [{ series: series(40960), evalMinutes }],
    }),
  };
}

export function xidErrorsAlert(w: Workload): AlertDefinition {
  const xid = selector("DCGM_FI_DEV_XID_ERRORS", podMatchers(w));
  const forMinutes = 1;
  const evalMinutes = forMinutes + 5;
  const series = (code: number) => [{ series: seriesText("DCGM_FI_DEV_XID_ERRORS", gpuLabels(w)), values: steady(code, seriesMinutes(evalMinutes)) }];
  return {
    alert: "GPUXidErrors",
    expr: serviceFrom(w, `max by (namespace, pod, container, gpu) (${xid}) > 0`, "pod"),
    for: minutesText(forMinutes),
    severity: "critical",
    summary: "GPU {{ $labels.gpu }} of {{ $labels.pod }} reports XID errors",
    description: "GPU {{ $labels.gpu }} used by container {{ $labels.container }} in pod {{ $labels.pod }} ({{ $labels.namespace }}) reported XID error {{ $value }}: check the driver and the hardware, and drain the node if it repeats.",
    scenarios: () => ({
      firing: [{ series: series(79), evalMinutes, alerts: [{ labels: alertLabels(w, { ...podOf(w), gpu: "0" }), value: 79 }] }],
      quiet: [{ series: series(0), evalMinutes }],
    }),
  };
}

export function gpuAlerts(w: Workload): AlertDefinition[] {
  return [utilizationAlert(w, "saturated"), utilizationAlert(w, "idle"), gpuMemoryAlert(w), xidErrorsAlert(w)];
}
