/**
 * The panels of a service's dashboard and of an environment's overview: the
 * service's traffic, errors and latency quantiles against its SLO thresholds,
 * its error-budget burn, saturation (CPU throttling, memory against the
 * limit), replicas against the HPA bounds, GPU utilisation and memory for GPU
 * services, and panels the service adds. Queries read the metrics the alerts
 * read (or the service's own panels name), scoped as the alerts scope them.
 */
import { createHash } from "node:crypto";
import { regexLiteral, selector, type Matcher } from "./promql-text";
import type { DashboardSpec, PanelSpec } from "./grafana-dashboard";
import type { ServiceSlo } from "./service-slos";
import { replicaSeries, type TrafficMetrics } from "./slo-alerts";

export interface ServiceDashboardInput {
  environment: string;
  namespace: string;
  service: string;
  metrics: TrafficMetrics;
  slo: ServiceSlo;
  gpu: boolean;
  /** A StatefulSet: pods `<service>-<ordinal>`, replicas from kube_statefulset_*. */
  stateful?: boolean;
  /** An Argo Rollout: replicas from Argo Rollouts' own metrics. */
  rollout?: boolean;
  /** HPA bounds, or the fixed replica count. */
  replicas: { min: number; max: number } | { fixed: number };
  panels: Array<{ title: string; expr: string; unit: string }>;
}

const RATE = "5m";
const QUANTILES = [0.5, 0.95, 0.99];

/** Grafana uids are at most 40 characters: the names joined by `_` (which no name holds) when they fit, else a digest. */
export function dashboardUid(...names: string[]): string {
  const joined = names.join("_");
  return joined.length <= 40 ? joined : `gf-${createHash("sha256").update(names.join("/")).digest("hex").slice(0, 20)}`;
}

const constant = (value: number, legend: string) => ({ expr: `vector(${value})`, legend });

export function serviceDashboard(input: ServiceDashboardInput, uid: string): DashboardSpec {
  const { metrics, slo, namespace, service } = input;
  const scope: Matcher[] = [["namespace", "=", namespace], ["service", "=", service]];
  const pods: Matcher[] = [["namespace", "=", namespace], ["pod", "=~", `(${regexLiteral(service)})-${input.stateful ? "[0-9]+" : "[a-z0-9]+-[a-z0-9]+"}`]];
  const series = replicaSeries(input);
  const workload: Matcher[] = [["namespace", "=", namespace], [series.label, "=", service]];
  const requests = selector(metrics.requestsTotal, scope);
  const errors = selector(metrics.requestsTotal, [...scope, [metrics.statusCodeLabel, "=~", "5.."]]);
  const panels: PanelSpec[] = [
    { title: "Requests per second by status", unit: "reqps", queries: [{ expr: `sum by (${metrics.statusCodeLabel}) (rate(${requests}[${RATE}]))`, legend: `{{${metrics.statusCodeLabel}}}` }] },
    {
      title: "Error ratio (5xx) against the SLO",
      unit: "percentunit",
      queries: [
        { expr: `sum(rate(${errors}[${RATE}])) / sum(rate(${requests}[${RATE}]))`, legend: "5xx share" },
        ...(slo.errorRatio !== undefined ? [constant(slo.errorRatio, "SLO")] : []),
        ...(slo.errors?.warning ? [constant(slo.errors.warning.value, "warning")] : []),
        ...(slo.errors?.critical ? [constant(slo.errors.critical.value, "critical")] : []),
        ...(slo.requests ? [constant(Number((1 - slo.requests.objective).toPrecision(6)), `error budget (${slo.requests.objective} over ${slo.requests.window})`)] : []),
      ],
    },
    ...latencyPanels(input, scope),
    ...(slo.requests ? [burnPanel(input, scope)] : []),
    {
      title: "CPU throttled share",
      unit: "percentunit",
      queries: [{
        expr: `sum(rate(${selector("container_cpu_cfs_throttled_periods_total", pods)}[${RATE}])) / sum(rate(${selector("container_cpu_cfs_periods_total", pods)}[${RATE}]))`,
        legend: "throttled",
      }],
    },
    {
      title: "Memory working set against the limit",
      unit: "percentunit",
      queries: [{
        expr: `sum by (pod) (${selector("container_memory_working_set_bytes", [...pods, ["container", "!=", ""]])}) / sum by (pod) (${selector("kube_pod_container_resource_limits", [...pods, ["resource", "=", "memory"]])})`,
        legend: "{{pod}}",
      }],
    },
    {
      title: "Replicas against the HPA bounds",
      unit: "short",
      queries: [
        { expr: selector(series.available, workload), legend: "available" },
        { expr: selector(series.desired, workload), legend: "desired" },
        ...("fixed" in input.replicas ? [constant(input.replicas.fixed, "configured")] : [constant(input.replicas.min, "HPA min"), constant(input.replicas.max, "HPA max")]),
      ],
    },
    ...(input.gpu ? gpuPanels(pods) : []),
    ...input.panels.map((p) => ({ title: p.title, unit: p.unit, queries: [{ expr: p.expr, legend: p.title }] })),
  ];
  return { uid, title: `${service} (${input.environment})`, tags: ["gitops-forge", input.environment, namespace], panels };
}

/** One panel per histogram: the service's default one and each `slo.latency` histogram, with their thresholds. */
function latencyPanels(input: ServiceDashboardInput, scope: Matcher[]): PanelSpec[] {
  const histograms = [...new Set([input.metrics.latencyHistogram, ...(input.slo.latency ?? []).map((l) => l.histogram ?? input.metrics.latencyHistogram)])];
  return histograms.map((histogram) => {
    const buckets = `sum by (le) (rate(${selector(`${histogram}_bucket`, scope)}[${RATE}]))`;
    const thresholds = (input.slo.latency ?? [])
      .filter((l) => (l.histogram ?? input.metrics.latencyHistogram) === histogram)
      .flatMap((l) => (["warning", "critical"] as const).filter((s) => l[s]).map((s) => constant(l[s]!.value, `p${Number(((l.quantile ?? 0.95) * 100).toPrecision(4))} ${s}`)));
    const p95 = histogram === input.metrics.latencyHistogram && input.slo.latencyP95Seconds !== undefined ? [constant(input.slo.latencyP95Seconds, "p95 SLO")] : [];
    return {
      title: `Latency quantiles: ${histogram}`,
      unit: "s",
      queries: [...QUANTILES.map((q) => ({ expr: `histogram_quantile(${q}, ${buckets})`, legend: `p${q * 100}` })), ...p95, ...thresholds],
    };
  });
}

/** Error-budget burn rate over the burn-rate alerts' windows (1 spends the budget exactly over the window). */
function burnPanel(input: ServiceDashboardInput, scope: Matcher[]): PanelSpec {
  const budget = Number((1 - input.slo.requests!.objective).toPrecision(6));
  const windows = ["1h", "6h", "1d", "3d"];
  return {
    title: "Error budget burn rate",
    unit: "short",
    queries: [
      ...windows.map((w) => ({ expr: `${selector(`slo:sli_error:ratio_rate${w}`, scope)} / ${budget}`, legend: w })),
      constant(1, `budget spent over ${input.slo.requests!.window}`),
    ],
  };
}

function gpuPanels(pods: Matcher[]): PanelSpec[] {
  const used = `sum by (pod) (${selector("DCGM_FI_DEV_FB_USED", pods)})`;
  const free = `sum by (pod) (${selector("DCGM_FI_DEV_FB_FREE", pods)})`;
  return [
    { title: "GPU utilisation", unit: "percent", queries: [{ expr: `avg by (pod) (${selector("DCGM_FI_DEV_GPU_UTIL", pods)})`, legend: "{{pod}}" }] },
    { title: "GPU memory used", unit: "percentunit", queries: [{ expr: `${used} / (${used} + ${free})`, legend: "{{pod}}" }] },
  ];
}

export interface OverviewInput {
  environment: string;
  namespaces: string[];
  services: Array<{ metrics: TrafficMetrics; gpu: boolean; burnRate: boolean }>;
}

/** The environment at a glance: firing alerts, and per service traffic, errors, burn, replicas and GPUs. */
export function environmentOverview(input: OverviewInput, uid: string): DashboardSpec {
  const namespaces: Matcher = ["namespace", "=~", input.namespaces.map(regexLiteral).join("|")];
  // Services reading the same request counter share a query.
  const counters = [...new Map(input.services.map((s) => [`${s.metrics.requestsTotal} ${s.metrics.statusCodeLabel}`, s.metrics])).values()].sort((a, b) =>
    a.requestsTotal === b.requestsTotal ? (a.statusCodeLabel < b.statusCodeLabel ? -1 : 1) : a.requestsTotal < b.requestsTotal ? -1 : 1,
  );
  const perService = (m: TrafficMetrics, extra: Matcher[] = []) => `sum by (namespace, service) (rate(${selector(m.requestsTotal, [namespaces, ...extra])}[${RATE}]))`;
  const panels: PanelSpec[] = [
    { title: "Firing alerts by severity", unit: "short", queries: [{ expr: `sum by (severity) (${selector("ALERTS", [["alertstate", "=", "firing"], ["environment", "=", input.environment]])})`, legend: "{{severity}}" }] },
    { title: "Requests per second by service", unit: "reqps", queries: counters.map((m) => ({ expr: perService(m), legend: "{{namespace}}/{{service}}" })) },
    {
      title: "Error ratio (5xx) by service",
      unit: "percentunit",
      queries: counters.map((m) => ({ expr: `${perService(m, [[m.statusCodeLabel, "=~", "5.."]])} / ${perService(m)}`, legend: "{{namespace}}/{{service}}" })),
    },
    ...(input.services.some((s) => s.burnRate)
      ? [{ title: "Error ratio over 1h (burn-rate SLOs)", unit: "percentunit", queries: [{ expr: selector("slo:sli_error:ratio_rate1h", [namespaces]), legend: "{{namespace}}/{{service}}" }] }]
      : []),
    {
      title: "Available share of desired replicas",
      unit: "percentunit",
      queries: [{
        expr: `sum by (namespace, deployment) (${selector("kube_deployment_status_replicas_available", [namespaces])}) / sum by (namespace, deployment) (${selector("kube_deployment_spec_replicas", [namespaces])})`,
        legend: "{{namespace}}/{{deployment}}",
      }],
    },
    ...(input.services.some((s) => s.gpu)
      ? [{ title: "GPU utilisation by namespace", unit: "percent", queries: [{ expr: `avg by (namespace) (${selector("DCGM_FI_DEV_GPU_UTIL", [namespaces])})`, legend: "{{namespace}}" }] }]
      : []),
  ];
  return { uid, title: `${input.environment} overview`, tags: ["gitops-forge", input.environment, "overview"], panels };
}
