/** What the generated alerting rules promise: coverage, routing, documentation, determinism. */
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  environmentRuleGroups,
  namespaceRuleGroups,
  prometheusRule,
  serviceRuleGroups,
  type AlertingRule,
  type RuleGroup,
} from "../../charts/monitoring/alert-rules";
import { promQLProblem } from "../../charts/monitoring/promql";
import { promtoolTests } from "../../charts/monitoring/promtool-tests";
import { durationSeconds } from "../../charts/monitoring/promql-text";
import { loadSample } from "./sample-environment";

const rulesOf = (groups: RuleGroup[]): AlertingRule[] => groups.flatMap((g) => g.rules);
const namesOf = (groups: RuleGroup[]) => rulesOf(groups).map((r) => r.alert);

describe("service alert rules", () => {
  const sample = loadSample();
  const cpu = serviceRuleGroups(sample.ranker);
  const gpu = serviceRuleGroups(sample.llmChat);
  const env = environmentRuleGroups(sample.environment);

  it("cover the SLOs, the workload and the custom alerts of a CPU service, without GPU alerts", () => {
    expect(namesOf(cpu)).toEqual([
      "ErrorRatioHigh", "LatencyP95High", "ReplicasUnavailable", "MetricsTargetDown",
      "HPAMaxedOut", "PodDisruptionBudgetAtLimit", "ContainerRestarting", "ContainerOOMKilled", "CPUThrottlingHigh", "MemoryNearLimit",
      "DatabaseConnectionsHigh", "QueueWaitShareHigh", "HighErrorRate", "ModelInferenceLatency", "ErrorShareHigh", "PodDown",
    ]);
    expect(cpu.map((g) => g.name)).toEqual(["ranker.slo", "ranker.workload", "ranker.custom"]);
  });

  it("add DCGM saturation, idleness, memory and XID alerts for a GPU service", () => {
    const gpuGroup = gpu.find((g) => g.name === "llm-chat.gpu")!;
    expect(gpuGroup.rules.map((r) => r.alert)).toEqual(["GPUSaturated", "GPUIdle", "GPUMemoryNearlyFull", "GPUXidErrors"]);
    const exprs = gpuGroup.rules.map((r) => r.expr).join("\n");
    for (const metric of ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_XID_ERRORS"]) expect(exprs).toContain(metric);
  });

  it("put the SLO thresholds and the service's own metric names into the expressions", () => {
    const rule = (groups: RuleGroup[], name: string) => rulesOf(groups).find((r) => r.alert === name)!;
    expect(rule(cpu, "ErrorRatioHigh").expr).toMatch(/> 0\.01$/);
    expect(rule(cpu, "ErrorRatioHigh").expr).toContain('http_requests_total{namespace="search", service="ranker", code=~"5.."}');
    expect(rule(cpu, "LatencyP95High").expr).toMatch(/^histogram_quantile\(0\.95, .*http_request_duration_seconds_bucket\{.*\) > 0\.25$/);
    expect(rule(cpu, "ReplicasUnavailable").expr).toMatch(/< 0\.9$/);
    expect(rule(gpu, "ErrorRatioHigh").expr).toContain('vllm_requests_total{namespace="genai", service="llm-chat", status=~"5.."}');
    expect(rule(gpu, "LatencyP95High").expr).toContain("vllm_e2e_request_latency_seconds_bucket");
    // No availability SLO: any missing replica counts.
    expect(rule(serviceRuleGroups({ ...sample.llmChat, slo: {} }), "ReplicasUnavailable").expr).toMatch(/< 1$/);
  });

  it("page on a fast burn and open a ticket on a slow one, at the workbook's rates for 99.9% over 30d, reading recorded error ratios", () => {
    const burn = gpu.find((g) => g.name === "llm-chat.slo-burn")!;
    expect(burn.records!.map((r) => r.record)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((w) => `slo:sli_error:ratio_rate${w}`));
    expect(burn.records![5]!.expr).toContain('vllm_requests_total{namespace="genai", service="llm-chat", status=~"5.."}[1d]');
    const [fast, slow] = burn.rules;
    expect([fast!.alert, fast!.labels.severity, slow!.alert, slow!.labels.severity]).toEqual(["ErrorBudgetBurnFast", "critical", "ErrorBudgetBurnSlow", "warning"]);
    const thresholds = (expr: string) => [...expr.matchAll(/ratio_rate(\w+)\{[^}]*\} > ([\d.]+)/g)].map((m) => `${m[1]}>${m[2]}`);
    expect(thresholds(fast!.expr)).toEqual(["1h>0.0144", "5m>0.0144", "6h>0.006", "30m>0.006"]);
    expect(thresholds(slow!.expr)).toEqual(["1d>0.003", "2h>0.003", "3d>0.001", "6h>0.001"]);
    expect(promQLProblem(fast!.expr)).toBeUndefined();
  });

  it("warn and page on latency and error thresholds per severity, each with its own for, for several histograms", () => {
    const slo = gpu.find((g) => g.name === "llm-chat.slo")!.rules;
    const brief = slo.filter((r) => r.labels.slo).map((r) => [r.alert, r.labels.severity, r.for, r.labels.slo, /> ([\d.]+)$/.exec(r.expr)![1]]);
    expect(brief).toEqual([
      ["ErrorRatioWarning", "warning", "5m", "error-ratio", "0.05"],
      ["ErrorRatioCritical", "critical", "2m", "error-ratio", "0.1"],
      ["LatencyWarning", "warning", "5m", "latency-p95:vllm_time_to_first_token_seconds", "0.5"],
      ["LatencyCritical", "critical", "10m", "latency-p95:vllm_time_to_first_token_seconds", "1"],
      ["LatencyCritical", "critical", "5m", "latency-p99:vllm_e2e_request_latency_seconds", "30"],
    ]);
    expect(slo.find((r) => r.labels.slo?.startsWith("latency-p99"))!.expr).toMatch(/^histogram_quantile\(0\.99, .*vllm_e2e_request_latency_seconds_bucket/);
    // The replica threshold under its own name.
    expect(slo.find((r) => r.alert === "ReplicasUnavailable")!.expr).toMatch(/< 0\.5$/);
  });

  it("read the older slo.availability as the replica threshold", () => {
    const { replicaAvailability: _, ...rest } = sample.llmChat.slo;
    const groups = serviceRuleGroups({ ...sample.llmChat, slo: { ...rest, availability: 0.75 } });
    expect(rulesOf(groups).find((r) => r.alert === "ReplicasUnavailable")!.expr).toMatch(/< 0\.75$/);
  });

  it("leave out SLO alerts a service declares no SLO for", () => {
    const groups = serviceRuleGroups({ ...sample.ranker, slo: {}, customAlerts: [] });
    expect(namesOf(groups)).not.toContain("ErrorRatioHigh");
    expect(namesOf(groups)).not.toContain("LatencyP95High");
    expect(namesOf(groups)).toContain("ReplicasUnavailable");
  });

  it("give every alert a for, a severity, routing labels, templated summary and description, and a runbook", () => {
    for (const [groups, service, namespace] of [[cpu, "ranker", "search"], [gpu, "llm-chat", "genai"]] as const) {
      for (const rule of rulesOf(groups)) {
        expect(durationSeconds(rule.for), `${rule.alert} for`).toBeGreaterThan(0);
        expect(["critical", "warning", "info"]).toContain(rule.labels.severity);
        expect(rule.labels).toMatchObject({ team: "ml-platform", environment: "production", service, namespace });
        // Custom alerts word their own annotations; built-in ones name what is wrong.
        const templated = groups.find((g) => g.rules.includes(rule))!.name.endsWith(".custom") ? /\S/ : /\{\{ \$labels\.\w+ \}\}/;
        expect(rule.annotations.summary, rule.alert).toMatch(templated);
        expect(rule.annotations.description, rule.alert).toMatch(templated);
        expect(rule.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.acme\.example\/ml-serving\/[a-z0-9-]+$/);
      }
    }
    for (const rule of rulesOf(env)) {
      expect(rule.labels).toMatchObject({ team: "ml-platform", environment: "production" });
      expect(rule.annotations.summary).toContain("{{ $labels.schedule }}");
    }
  });

  it("name runbooks after the alert in kebab case", () => {
    const byName = Object.fromEntries(rulesOf(gpu).map((r) => [r.alert, r.annotations.runbook_url]));
    expect(byName.GPUMemoryNearlyFull).toBe("https://runbooks.acme.example/ml-serving/gpu-memory-nearly-full");
    expect(byName.HPAMaxedOut).toBe("https://runbooks.acme.example/ml-serving/hpa-maxed-out");
  });

  it("keep custom alert labels and expressions as configured", () => {
    const custom = rulesOf(cpu).find((r) => r.alert === "DatabaseConnectionsHigh")!;
    expect(custom.expr).toBe('pg_stat_activity_count{datname="ranker"} > 90');
    expect(custom.for).toBe("10m");
    expect(custom.labels).toEqual({ severity: "warning", team: "ml-platform", environment: "production", namespace: "search", service: "ranker", component: "database" });
  });

  it("give every built-in alert an expression the in-process PromQL checker accepts", () => {
    for (const rule of [...rulesOf(cpu), ...rulesOf(gpu), ...rulesOf(env), ...rulesOf(namespaceRuleGroups(sample.namespace))]) {
      expect(promQLProblem(rule.expr), `${rule.alert}: ${rule.expr}`).toBeUndefined();
    }
  });

  it("generate, for every alert, at least one firing and one quiet promtool case", () => {
    for (const groups of [cpu, gpu, env, namespaceRuleGroups(sample.namespace)]) {
      const file = promtoolTests(groups, "rules.yaml");
      expect(file.rule_files).toEqual(["rules.yaml"]);
      for (const [group, rule] of groups.flatMap((g) => g.rules.map((r) => [g, r] as const))) {
        // Test names start with the group and alert (an alert name may recur in another group),
        // numbered when it recurs in the same group.
        const same = group.rules.filter((r) => r.alert === rule.alert);
        const prefix = `${group.name} ${rule.alert}${same.length > 1 ? ` #${same.indexOf(rule) + 1}` : ""}`;
        const cases = file.tests.filter((t) => t.name.startsWith(`${prefix}:`) || t.name.startsWith(`${prefix} `)).flatMap((t) => t.alert_rule_test);
        const firing = cases.filter((c) => c.exp_alerts.length > 0);
        const quiet = cases.filter((c) => c.exp_alerts.length === 0);
        expect(firing.length, `${rule.alert} firing cases`).toBeGreaterThan(0);
        expect(quiet.length, `${rule.alert} quiet cases`).toBeGreaterThan(0);
        for (const c of firing) {
          expect(c.exp_alerts[0]!.exp_labels).toMatchObject(rule.labels);
          expect(Object.keys(c.exp_alerts[0]!.exp_annotations).sort()).toEqual(["description", "runbook_url", "summary"]);
        }
      }
    }
  });

  it("can leave workload and GPU alerts to one namespace-wide rule per alert and team", () => {
    const own = serviceRuleGroups({ ...sample.llmChat, sharedWorkloadAlerts: true });
    expect(own.map((g) => g.name)).toEqual(["llm-chat.slo", "llm-chat.slo-burn", "llm-chat.custom"]);
    const shared = namespaceRuleGroups(sample.namespace);
    expect(shared.map((g) => g.name)).toEqual(["serving.workload (team ml-platform)", "serving.workload (team search-quality)"]);
    const [platform, quality] = shared as [RuleGroup, RuleGroup];
    expect(platform.rules.map((r) => r.alert)).toEqual([
      "HPAMaxedOut", "PodDisruptionBudgetAtLimit", "ContainerRestarting", "ContainerOOMKilled", "CPUThrottlingHigh", "MemoryNearLimit",
      "GPUSaturated", "GPUIdle", "GPUMemoryNearlyFull", "GPUXidErrors",
    ]);
    expect(quality.rules.map((r) => r.alert)).not.toContain("GPUIdle");
    const restarts = platform.rules.find((r) => r.alert === "ContainerRestarting")!;
    expect(restarts.expr).toContain('pod=~"(llm-chat|ranker)-[a-z0-9]+-[a-z0-9]+"');
    expect(restarts.expr).toMatch(/^label_replace\(/);
    expect(restarts.labels).toEqual({ severity: "warning", team: "ml-platform", environment: "production", namespace: "serving" });
    expect(platform.rules.find((r) => r.alert === "GPUIdle")!.expr).toContain('pod=~"(llm-chat)-[a-z0-9]+-[a-z0-9]+"');
    expect(quality.rules.find((r) => r.alert === "HPAMaxedOut")!.expr).toContain('horizontalpodautoscaler=~"ranker-canary"');
  });

  it("watch every Velero schedule of the environment", () => {
    const text = rulesOf(env).map((r) => r.expr).join("\n");
    expect(namesOf(env)).toEqual([
      "VeleroBackupFailed",
      "VeleroBackupTooOld",
      "VeleroBackupNeverSucceeded", "VeleroBackupNeverSucceeded", "VeleroBackupNeverSucceeded",
    ]);
    expect(text).toContain('schedule=~"daily|models-15m|models-hourly"');
    expect(text).toContain('absent(velero_backup_last_successful_timestamp{schedule="models-hourly"})');
    expect(environmentRuleGroups({ ...sample.environment, veleroSchedules: [] })).toEqual([]);
  });

  it("find a backup overdue after its own schedule's interval plus a margin (half the interval, at most 1h)", () => {
    const tooOld = rulesOf(env).find((r) => r.alert === "VeleroBackupTooOld")!;
    const never = rulesOf(env).filter((r) => r.alert === "VeleroBackupNeverSucceeded");
    const branches = [...tooOld.expr.matchAll(/schedule=~"([^"]+)"\}\) > (\d+)/g)].map((m) => [m[1], Number(m[2]) / 60]);
    expect(branches).toEqual([["daily", 25 * 60], ["models-hourly", 90], ["models-15m", 23]]);
    expect(tooOld.for).toBe("8m");
    expect(tooOld.annotations.description).toContain("(daily: 25h; models-hourly: 1h30m; models-15m: 23m)");
    expect(never.map((r) => [r.for, r.labels.deadline])).toEqual([["25h", "25h"], ["1h30m", "1h30m"], ["23m", "23m"]]);
    const single = environmentRuleGroups({ ...sample.environment, veleroSchedules: [{ name: "daily", everySeconds: 86400 }] })[0]!.rules;
    expect(single.find((r) => r.alert === "VeleroBackupTooOld")!.annotations.summary).toContain("succeeded for over 25h");
    expect(single.find((r) => r.alert === "VeleroBackupNeverSucceeded")!.labels.deadline).toBeUndefined();
  });

  it("are byte-identical for the same input, whatever the schedule order", () => {
    const render = () => stringify(prometheusRule({ name: "ranker", namespace: "search", labels: {} }, serviceRuleGroups(loadSample().ranker)));
    expect(render()).toBe(render());
    const reversed = environmentRuleGroups({ ...sample.environment, veleroSchedules: [...sample.environment.veleroSchedules].reverse() });
    expect(stringify(reversed)).toBe(stringify(env));
    expect(stringify(promtoolTests(cpu, "r.yaml"))).toBe(stringify(promtoolTests(serviceRuleGroups(loadSample().ranker), "r.yaml")));
  });
});
