/**
 * Prometheus alerting rules for a serving service and for an environment, and
 * the prometheus-operator objects that carry them. Pure functions: plain
 * objects in, plain objects out, the same bytes for the same input.
 */
import { UserError, checkEach, type SourceLocation } from "../../environments/source/errors";
import { DEFAULT_SCRAPE } from "../../environments/format/ports";
import { buildRule, type AlertDefinition, type Routing } from "./alert-definition";
import { backupAlerts, type BackupSchedule } from "./backup-alerts";
import { batchAlerts } from "./batch-alerts";
import { customAlertDefinition, type CustomAlert } from "./custom-alerts";
import { gpuAlerts } from "./gpu-alerts";
import { isLabelName, isMetricName } from "./promql-text";
import type { AlertingRule, RecordingRule, RuleGroup } from "./rule-types";
import { checkServiceSlo, serviceSloRules, type ServiceSlo } from "./service-slos";
import type { TrafficMetrics } from "./slo-alerts";
import { workloadAlerts, type ObjectLabel, type Workload } from "./workload-alerts";

export type { AlertingRule, RecordingRule, RuleGroup } from "./rule-types";
export type { CustomAlert } from "./custom-alerts";

export interface ServiceAlertInput {
  environment: string;
  namespace: string;
  service: string;
  team: string;
  /** runbook_url of an alert is `${runbookBaseUrl}/<alert-name-in-kebab-case>`. */
  runbookBaseUrl: string;
  gpu: boolean;
  /** Runs as a StatefulSet (pods `<service>-<ordinal>`, kube_statefulset_* metrics). */
  stateful?: boolean;
  /** Name of the Service port that serves /metrics. */
  metricsPort: string;
  /** An Argo Rollout owns the pods (its replica counts are Argo Rollouts' metrics). */
  rollout?: boolean;
  slo: ServiceSlo;
  /** Defaults: http_requests_total, code, http_request_duration_seconds. */
  metrics?: { requestsTotal?: string; statusCodeLabel?: string; latencyHistogram?: string };
  customAlerts?: CustomAlert[];
  /** How often Prometheus evaluates the service's rule groups (default: its global evaluation_interval). */
  ruleInterval?: string;
  /**
   * Leave the workload and GPU alerts to `namespaceRuleGroups`, which covers all
   * services of a namespace with one rule per alert and team: far less rule
   * text on a large platform.
   */
  sharedWorkloadAlerts?: boolean;
  /** The service's HPA and PDB where it names them otherwise (names.hpa, names.pdb); the workload alerts match them. */
  objectNames?: Partial<Record<ObjectLabel, string>>;
  /**
   * Where the service was configured, for errors: `locate` maps a field path
   * (e.g. ["services", svc, "alerts", 0, "expr"]) to its line; `servicePath`
   * is the path of the service entry (default ["services", service]).
   */
  source?: {
    file: string;
    /** A position in `file`, or in another `file` it names (an environment's chain of extended files). */
    locate?(path: Array<string | number>): { line: number; column: number; file?: string };
    servicePath?: Array<string | number>;
  };
}

export interface EnvironmentAlertInput {
  environment: string;
  /** How often Prometheus evaluates the group (default: its global evaluation_interval). */
  ruleInterval?: string;
  team: string;
  runbookBaseUrl: string;
  /** The Velero Schedules synthesized for the environment, each with its interval. */
  veleroSchedules: BackupSchedule[];
}

const DEFAULT_METRICS: TrafficMetrics = {
  requestsTotal: "http_requests_total",
  statusCodeLabel: "code",
  latencyHistogram: "http_request_duration_seconds",
};

/** Labels a custom alert may not set: gitops-forge sets them for routing. */
export const ROUTING_LABELS = ["severity", "team", "environment", "namespace", "service", "alertname"];

export function serviceRuleGroups(input: ServiceAlertInput): RuleGroup[] {
  const at = locator(input);
  const metrics = trafficMetrics(input, at);
  const target = { namespace: input.namespace, service: input.service, metrics, ...(input.stateful ? { stateful: true } : {}), ...(input.rollout ? { rollout: true } : {}) };
  const slo = serviceSloRules(target, input.slo, at);
  const sloAlerts = slo.alerts;
  const burnAlerts = slo.burn?.alerts ?? [];
  const workload: Workload = { namespace: input.namespace, services: [input.service], ...(input.stateful ? { statefulSets: [input.service] } : {}), ...objectNamesOf([input]) };
  const ownWorkloadAlerts = !input.sharedWorkloadAlerts;
  const workloadDefs = ownWorkloadAlerts ? workloadAlerts(workload) : [];
  const gpuDefs = ownWorkloadAlerts && input.gpu ? gpuAlerts(workload) : [];
  const custom = customDefinitions(input, [...sloAlerts, ...burnAlerts, ...workloadDefs, ...gpuDefs], at);
  const routing: Routing = {
    labels: { team: input.team, environment: input.environment, namespace: input.namespace, service: input.service },
    runbookBaseUrl: input.runbookBaseUrl,
  };
  const interval = input.ruleInterval ? { interval: input.ruleInterval } : {};
  const group = (suffix: string, defs: AlertDefinition[]): RuleGroup[] =>
    defs.length === 0 ? [] : [{ name: `${input.service}.${suffix}`, ...interval, rules: defs.map((d) => buildRule(d, routing)) }];
  const burnGroup: RuleGroup[] = slo.burn
    ? [{ name: `${input.service}.slo-burn`, ...interval, records: slo.burn.records, rules: burnAlerts.map((d) => buildRule(d, routing)) }]
    : [];
  return [
    ...group("slo", sloAlerts),
    ...burnGroup,
    ...group("workload", workloadDefs),
    ...group("gpu", gpuDefs),
    ...group("custom", custom),
  ];
}

/**
 * Checks what the schema cannot (metric names, SLOs) without building rules:
 * loading does it for every service with SLOs, cheaply.
 */
export function checkServiceAlertInput(input: ServiceAlertInput): void {
  const at = locator(input);
  checkServiceSlo({ namespace: input.namespace, service: input.service, metrics: trafficMetrics(input, at) }, input.slo, at);
}

/** The service's own alerts, checked against the names of the built-in ones and of each other. */
function customDefinitions(input: ServiceAlertInput, builtIn: AlertDefinition[], at: At): AlertDefinition[] {
  const alerts = input.customAlerts ?? [];
  if (alerts.length === 0) return [];
  const reserved = new Set([...ROUTING_LABELS, ...builtIn.map((a) => a.alert)]);
  // Each alert is checked even after another failed, so every broken one is reported.
  const definitions: AlertDefinition[] = [];
  checkEach(alerts.entries(), ([i, alert]) => {
    try {
      definitions.push(customAlertDefinition(alert, i, input.namespace, reserved, at));
    } finally {
      reserved.add(alert.name); // a later alert of the same name is reported even when this one is broken
    }
  });
  return definitions;
}

export function environmentRuleGroups(input: EnvironmentAlertInput): RuleGroup[] {
  const defs = backupAlerts(input.veleroSchedules);
  if (defs.length === 0) return [];
  const routing: Routing = { labels: { team: input.team, environment: input.environment }, runbookBaseUrl: input.runbookBaseUrl };
  return [{ name: `${input.environment}.backups`, ...(input.ruleInterval ? { interval: input.ruleInterval } : {}), rules: defs.map((d) => buildRule(d, routing)) }];
}

export interface NamespaceAlertInput {
  environment: string;
  /** How often Prometheus evaluates the groups (default: its global evaluation_interval). */
  ruleInterval?: string;
  namespace: string;
  runbookBaseUrl: string;
  /** The namespace's services whose inputs set `sharedWorkloadAlerts`. */
  services: Array<{ service: string; team: string; gpu: boolean; stateful?: boolean; objectNames?: Partial<Record<ObjectLabel, string>> }>;
  /** The namespace's hook Jobs and CronJobs (a CronJob with the longest time between two runs). */
  jobs?: Array<{ name: string; team: string; everySeconds?: number }>;
}

/** Workload, GPU and batch alerts for the services and jobs of a namespace: one rule per alert and team, the service in a `service` label. */
export function namespaceRuleGroups(input: NamespaceAlertInput): RuleGroup[] {
  const jobs = input.jobs ?? [];
  const teams = [...new Set([...input.services.map((s) => s.team), ...jobs.map((j) => j.team)])].sort();
  return teams.flatMap((team) => {
    const members = input.services.filter((s) => s.team === team);
    const statefulSets = members.filter((s) => s.stateful).map((s) => s.service);
    const workload = workloadOf(input.namespace, members.map((s) => s.service), statefulSets, objectNamesOf(members));
    const gpu = workloadOf(input.namespace, members.filter((s) => s.gpu).map((s) => s.service), statefulSets);
    const own = jobs.filter((j) => j.team === team);
    const batch = batchAlerts({
      namespace: input.namespace,
      jobs: own.filter((j) => j.everySeconds === undefined).map((j) => j.name),
      cronJobs: own.flatMap((j) => (j.everySeconds === undefined ? [] : [{ name: j.name, everySeconds: j.everySeconds }])),
    });
    const defs = [...(workload ? workloadAlerts(workload) : []), ...(gpu ? gpuAlerts(gpu) : []), ...batch];
    const routing: Routing = { labels: { team, environment: input.environment, namespace: input.namespace }, runbookBaseUrl: input.runbookBaseUrl };
    const interval = input.ruleInterval ? { interval: input.ruleInterval } : {};
    return defs.length === 0 ? [] : [{ name: `${input.namespace}.workload (team ${team})`, ...interval, rules: defs.map((d) => buildRule(d, routing)) }];
  });
}

function workloadOf(namespace: string, services: string[], statefulSets: string[], names: Pick<Workload, "objectNames"> = {}): Workload | undefined {
  const [first, ...rest] = [...new Set(services)].sort();
  const stateful = statefulSets.filter((s) => services.includes(s));
  return first === undefined ? undefined : { namespace, services: [first, ...rest], namespaceWide: true, ...(stateful.length > 0 ? { statefulSets: stateful } : {}), ...names };
}

/** The objects services name otherwise, by kube-state-metrics label: nothing when none does (the rules stay as they were). */
function objectNamesOf(services: ReadonlyArray<{ service: string; objectNames?: Partial<Record<ObjectLabel, string>> }>): Pick<Workload, "objectNames"> {
  const byLabel: Partial<Record<ObjectLabel, Record<string, string>>> = {};
  for (const { service, objectNames } of services) {
    for (const [label, name] of Object.entries(objectNames ?? {}) as Array<[ObjectLabel, string]>) (byLabel[label] ??= {})[service] = name;
  }
  return Object.keys(byLabel).length === 0 ? {} : { objectNames: byLabel };
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

/** A monitoring.coreos.com/v1 PrometheusRule holding `groups` (Prometheus fields only). */
export function prometheusRule(meta: ObjectMeta, groups: RuleGroup[]): object {
  return prometheusRuleOf(meta, ruleFile(groups));
}

/** The same from a rule file, which is the PrometheusRule's spec as it is (it may be a value filled from a JsonShape). */
export function prometheusRuleOf(meta: ObjectMeta, file: RuleFile): object {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: meta.name, namespace: meta.namespace, labels: { ...meta.labels } },
    spec: file,
  };
}

/** A rule group as Prometheus reads it: recording rules first, then alerts. */
export interface PlainRuleGroup {
  name: string;
  interval?: string;
  rules: Array<AlertingRule | RecordingRule>;
}

/** A Prometheus rule file (`promtool check rules` reads it), also a PrometheusRule's spec. */
export interface RuleFile {
  groups: PlainRuleGroup[];
}

/** The rule groups as a Prometheus rule file. */
export function ruleFile(groups: RuleGroup[]): RuleFile {
  return {
    groups: groups.map((g) => ({
      name: g.name,
      ...(g.interval ? { interval: g.interval } : {}),
      rules: [...(g.records ?? []).map(plainRecord), ...g.rules.map(plainRule)],
    })),
  };
}

/** The rule groups a PrometheusRule object carries, as a rule file. */
export function ruleFileOf(prometheusRuleObject: object): RuleFile {
  const spec = (prometheusRuleObject as { spec?: { groups?: PlainRuleGroup[] } }).spec;
  return {
    groups: (spec?.groups ?? []).map((g) => ({
      name: g.name,
      ...(g.interval ? { interval: g.interval } : {}),
      rules: g.rules.map((r) => ("record" in r ? plainRecord(r) : plainRule(r))),
    })),
  };
}

function plainRule(rule: AlertingRule): AlertingRule {
  return { alert: rule.alert, expr: rule.expr, for: rule.for, labels: { ...rule.labels }, annotations: { ...rule.annotations } };
}

function plainRecord(rule: RecordingRule): RecordingRule {
  return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
}

/** One scrape endpoint of a ServiceMonitor: a Service port by name and what to GET there. */
export interface ScrapeEndpoint {
  port: string;
  path: string;
  scheme: "http" | "https";
  interval: string;
  scrapeTimeout: string;
}

/**
 * A monitoring.coreos.com/v1 ServiceMonitor of the Services matching
 * `selectorLabels`: /metrics on the port named `endpoints`, or the endpoints given.
 */
export function serviceMonitor(meta: ObjectMeta, selectorLabels: Record<string, string>, endpoints: string | ScrapeEndpoint[], serviceLabel?: string): object {
  return serviceMonitorOf(meta, serviceMonitorSpec(meta.namespace, selectorLabels, endpoints, serviceLabel));
}

/** The spec of a service's ServiceMonitor (see serviceMonitor). */
export function serviceMonitorSpec(namespace: string, selectorLabels: Record<string, string>, endpoints: string | ScrapeEndpoint[], serviceLabel?: string) {
  // The operator labels each target with its Service's name; a Service named otherwise (names.service) is relabelled to
  // the service's, which the alerts, recording rules and dashboards match on.
  const relabel = serviceLabel === undefined ? {} : { relabelings: [{ action: "replace", targetLabel: "service", replacement: serviceLabel }] };
  return {
    selector: { matchLabels: { ...selectorLabels } },
    namespaceSelector: { matchNames: [namespace] },
    endpoints: typeof endpoints === "string" ? [{ port: endpoints, ...DEFAULT_SCRAPE, ...relabel }] : endpoints.map((e) => ({ ...e, ...relabel })),
  };
}

/** A ServiceMonitor holding `spec` as it is (it may be a value filled from a JsonShape). */
export function serviceMonitorOf(meta: ObjectMeta, spec: object): object {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: meta.name, namespace: meta.namespace, labels: { ...meta.labels } },
    spec,
  };
}

type At = (path: Array<string | number>) => SourceLocation;

function locator(input: ServiceAlertInput): At {
  const file = input.source?.file ?? `service ${input.service}`;
  const base = input.source?.servicePath ?? ["services", input.service];
  return (path) => {
    const full = [...base, ...path];
    const position = input.source?.locate?.(full);
    return { file, ...position, path: full.join(".") };
  };
}

function trafficMetrics(input: ServiceAlertInput, at: At): TrafficMetrics {
  const given = input.metrics ?? {};
  const metrics: TrafficMetrics = {
    requestsTotal: given.requestsTotal ?? DEFAULT_METRICS.requestsTotal,
    statusCodeLabel: given.statusCodeLabel ?? DEFAULT_METRICS.statusCodeLabel,
    latencyHistogram: given.latencyHistogram ?? DEFAULT_METRICS.latencyHistogram,
  };
  for (const key of ["requestsTotal", "latencyHistogram"] as const) {
    if (!isMetricName(metrics[key])) throw new UserError(`metric name "${metrics[key]}" is not a valid Prometheus metric name`, at(["metrics", key]));
  }
  if (!isLabelName(metrics.statusCodeLabel)) {
    throw new UserError(`label name "${metrics.statusCodeLabel}" is not a valid Prometheus label name`, at(["metrics", "statusCodeLabel"]));
  }
  return metrics;
}
