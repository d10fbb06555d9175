/** Grafana dashboards: what the Grafana sidecar imports, what each panel queries, and that it stays the same bytes. */
import { App, Chart } from "cdk8s";
import { describe, expect, it } from "vitest";
import { namespaceRuleGroups, serviceRuleGroups, type RuleGroup } from "../../charts/monitoring/alert-rules";
import { dashboardJson } from "../../charts/monitoring/grafana-dashboard";
import { promQLProblem } from "../../charts/monitoring/promql";
import { dashboardUid, environmentOverview, serviceDashboard, type ServiceDashboardInput } from "../../charts/monitoring/service-dashboards";
import { Dashboards, dashboardName, serviceDashboardData } from "../../charts/operations/dashboards";
import type { ResolvedEnvironment } from "../../environments/schema";
import { loadSample } from "./sample-environment";

/** Metric names an expression selects (recorded series count as metrics). */
function metricsOf(expr: string): string[] {
  const { parser } = require("@prometheus-io/lezer-promql") as typeof import("@prometheus-io/lezer-promql");
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        if (id) names.push(expr.slice(id.from, id.to));
      }
    },
  });
  return names;
}

const sample = loadSample();
const llmChat: ServiceDashboardInput = {
  environment: "production",
  namespace: "genai",
  service: "llm-chat",
  metrics: { requestsTotal: "vllm_requests_total", statusCodeLabel: "status", latencyHistogram: "vllm_e2e_request_latency_seconds" },
  slo: sample.llmChat.slo,
  gpu: true,
  replicas: { min: 2, max: 8 },
  panels: [{ title: "Tokens per second", expr: 'sum(rate(llm_generated_tokens_total{job="llm-chat"}[5m]))', unit: "short" }],
};

/** A service's dashboard as its ConfigMap holds it. */
const serviceDashboardText = (input: ServiceDashboardInput) => serviceDashboardData(input)[`${dashboardName(input.environment, input.service)}.json`]!;

interface Dashboard {
  uid: string;
  schemaVersion: number;
  templating: { list: Array<{ name: string; type: string; query: string }> };
  panels: Array<{ title: string; type: string; datasource: { uid: string }; gridPos: object; targets: Array<{ expr: string; datasource: { uid: string } }> }>;
}

describe("service dashboards", () => {
  const json = serviceDashboardText(llmChat);
  const dashboard = JSON.parse(json) as Dashboard;

  it("parse as Grafana dashboard JSON with a Prometheus datasource variable every panel reads", () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: "datasource", type: "datasource", query: "prometheus" }));
    expect(dashboard.panels.length).toBeGreaterThan(5);
    for (const panel of dashboard.panels) {
      expect(panel.type).toBe("timeseries");
      expect(panel.datasource.uid).toBe("${datasource}");
      for (const target of panel.targets) expect(target.datasource.uid).toBe("${datasource}");
    }
    expect(new Set(dashboard.panels.map((p) => JSON.stringify(p.gridPos))).size).toBe(dashboard.panels.length);
  });

  it("show traffic, errors and latency quantiles against the SLO, burn, saturation, replicas against the HPA, GPUs, and the service's panels", () => {
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      "Requests per second by status",
      "Error ratio (5xx) against the SLO",
      "Latency quantiles: vllm_e2e_request_latency_seconds",
      "Latency quantiles: vllm_time_to_first_token_seconds",
      "Error budget burn rate",
      "CPU throttled share",
      "Memory working set against the limit",
      "Replicas against the HPA bounds",
      "GPU utilisation",
      "GPU memory used",
      "Tokens per second",
    ]);
    const replicas = dashboard.panels.find((p) => p.title.startsWith("Replicas"))!.targets.map((t) => t.expr);
    expect(replicas).toContain("vector(2)");
    expect(replicas).toContain("vector(8)");
    const cpu = JSON.parse(serviceDashboardText({ ...llmChat, gpu: false, slo: {}, panels: [] })) as Dashboard;
    expect(cpu.panels.map((p) => p.title)).not.toContain("GPU utilisation");
    expect(cpu.panels.map((p) => p.title)).not.toContain("Error budget burn rate");
  });

  it("query only metrics the alerts read or the service's own panels name, each query valid PromQL", () => {
    const input = { ...sample.llmChat, namespace: "genai" };
    const groups: RuleGroup[] = [...serviceRuleGroups(input), ...namespaceRuleGroups({ ...sample.namespace, namespace: "genai" })];
    const known = new Set([
      ...groups.flatMap((g) => [...g.rules.map((r) => r.expr), ...(g.records ?? []).map((r) => r.expr)]).flatMap(metricsOf),
      ...groups.flatMap((g) => (g.records ?? []).map((r) => r.record)),
      "llm_generated_tokens_total",
    ]);
    for (const target of dashboard.panels.flatMap((p) => p.targets)) {
      expect(promQLProblem(target.expr), target.expr).toBeUndefined();
      for (const metric of metricsOf(target.expr)) expect(known, `${metric} in ${target.expr}`).toContain(metric);
    }
  });

  it("read a Rollout's replicas from Argo Rollouts' metrics, as its ReplicasUnavailable alert does", () => {
    const rollout = JSON.parse(serviceDashboardText({ ...llmChat, rollout: true })) as Dashboard;
    const replicas = rollout.panels.find((p) => p.title.startsWith("Replicas"))!.targets.map((t) => t.expr);
    expect(replicas.slice(0, 2)).toEqual(['rollout_info_replicas_available{namespace="genai", name="llm-chat"}', 'rollout_info_replicas_desired{namespace="genai", name="llm-chat"}']);
    const alert = serviceRuleGroups({ ...sample.llmChat, namespace: "genai", rollout: true }).flatMap((g) => g.rules).find((r) => r.alert === "ReplicasUnavailable")!;
    for (const expr of replicas.slice(0, 2)) expect(alert.expr).toContain(expr);
  });

  it("read a StatefulSet's replicas and pods (by ordinal) with the series its alerts read", () => {
    const stateful = JSON.parse(serviceDashboardText({ ...llmChat, stateful: true })) as Dashboard;
    const expressions = (d: Dashboard, title: string) => d.panels.find((p) => p.title.startsWith(title))!.targets.map((t) => t.expr);
    expect(expressions(stateful, "Replicas")).toContain('kube_statefulset_status_replicas_ready{namespace="genai", statefulset="llm-chat"}');
    expect(expressions(stateful, "Replicas")).toContain('kube_statefulset_replicas{namespace="genai", statefulset="llm-chat"}');
    expect(expressions(stateful, "CPU throttled").join()).toContain('pod=~"(llm-chat)-[0-9]+"');
    expect(expressions(dashboard, "Replicas")).toContain('kube_deployment_spec_replicas{namespace="genai", deployment="llm-chat"}');
    const alerts = serviceRuleGroups({ ...sample.llmChat, namespace: "genai", stateful: true }).flatMap((g) => g.rules.map((r) => r.expr)).flatMap(metricsOf);
    for (const expr of expressions(stateful, "Replicas").filter((e) => !e.startsWith("vector"))) for (const metric of metricsOf(expr)) expect(alerts).toContain(metric);
  });

  it("are the same bytes built per shape as built directly, and differ per service only in its names", () => {
    expect(json).toBe(dashboardJson(serviceDashboard(llmChat, dashboardUid("production", "llm-chat"))));
    const other = serviceDashboardText({ ...llmChat, service: "llm-batch" });
    expect(other).not.toBe(json);
    expect(other.replaceAll("llm-batch", "llm-chat")).toBe(json);
    expect(dashboardUid("production", "a".repeat(45))).toMatch(/^gf-[0-9a-f]{20}$/);
  });

  it("refuse a built-in query that would not parse", () => {
    expect(() => dashboardJson({ uid: "x", title: "x", tags: [], panels: [{ title: "Broken", unit: "s", queries: [{ expr: "rate(x[5m]", legend: "" }] }] })).toThrow(/panel "Broken": invalid PromQL/);
  });
});

describe("environment dashboards", () => {
  it("are ConfigMaps for the Grafana sidecar, in the environment's folder, with an overview", () => {
    const env = {
      name: "production",
      namespaces: { genai: {} },
      monitoring: { namespace: "monitoring", dashboards: { enabled: true } },
      services: [
        { name: "llm-chat", namespace: "genai", metrics: llmChat.metrics, slo: llmChat.slo, gpu: { pool: "a100", count: 1 }, replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 8 }, dashboard: { panels: [] } },
      ],
    } as unknown as ResolvedEnvironment;
    const chart = new Chart(new App(), "production");
    new Dashboards(chart, "dashboards", env);
    const objects = chart.toJson() as Array<{ kind: string; metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }; data: Record<string, string> }>;
    expect(objects.map((o) => o.metadata.name)).toEqual(["dashboard-production", "dashboard-production-llm-chat"]);
    for (const o of objects) {
      expect(o.kind).toBe("ConfigMap");
      expect(o.metadata.labels.grafana_dashboard).toBe("1");
      expect(o.metadata.annotations.grafana_folder).toBe("production");
      expect(JSON.parse(o.data[`${o.metadata.name}.json`]!).schemaVersion).toBe(39);
    }
    const overview = environmentOverview({ environment: "production", namespaces: ["genai"], services: [{ metrics: llmChat.metrics, gpu: true, burnRate: true }] }, "u");
    for (const query of overview.panels.flatMap((p) => p.queries)) expect(promQLProblem(query.expr), query.expr).toBeUndefined();
  });
});
