/**
 * Alerts for StatefulSets, under the real promtool: pod alerts match their pods
 * (`<service>-<ordinal>`, not a Deployment's `<service>-<hash>-<suffix>`) and
 * name the service, alone or beside Deployments in a namespace's shared rules;
 * replica availability reads kube_statefulset_* series.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { namespaceRuleGroups, prometheusRule, ruleFileOf, serviceRuleGroups, type RuleGroup } from "../../charts/monitoring/alert-rules";
import { promtoolTestsText } from "../../charts/monitoring/promtool-tests";
import { findPromtool, runPromtool, writeRuleTestSet } from "../../scripts/lib/promtool";

const promtool = findPromtool();
const inCi = process.env.CI === "true";

const base = { environment: "dev", namespace: "ml-dev", runbookBaseUrl: "https://runbooks.example.com" };
const sets: Record<string, RuleGroup[]> = {
  // mlflow sorts first, so the generated tests play its pods (mlflow-0) through the mixed pattern.
  "mixed-namespace": namespaceRuleGroups({ ...base, services: [{ service: "zeta", team: "ml", gpu: false }, { service: "mlflow", team: "ml", gpu: false, stateful: true }] }),
  "stateful-namespace": namespaceRuleGroups({ ...base, services: [{ service: "redis", team: "ml", gpu: false, stateful: true }] }),
  "stateful-service": serviceRuleGroups({ ...base, service: "mlflow", team: "ml", gpu: false, stateful: true, metricsPort: "metrics", slo: { errorRatio: 0.01, replicaAvailability: 0.99 } }),
};
const rulesOf = (name: string) => ruleFileOf(prometheusRule({ name, namespace: "monitoring", labels: {} }, sets[name]!)).groups.flatMap((g) => g.rules);

describe("StatefulSet alert expressions", () => {
  it("match StatefulSet pods by ordinal and take the service from whichever pattern matched", () => {
    const restarts = rulesOf("mixed-namespace").find((r) => "alert" in r && r.alert === "ContainerRestarting")!;
    expect(restarts.expr).toContain('"service", "$1$2", "pod", "(zeta)-[a-z0-9]+-[a-z0-9]+|(mlflow)-[0-9]+"');
    const alone = rulesOf("stateful-namespace").find((r) => "alert" in r && r.alert === "ContainerRestarting")!;
    expect(alone.expr).toContain('"service", "$1", "pod", "(redis)-[0-9]+"');
  });

  it("read a StatefulSet's replicas from kube_statefulset_*", () => {
    const replicas = rulesOf("stateful-service").find((r) => "alert" in r && r.alert === "ReplicasUnavailable")!;
    expect(replicas.expr).toBe('kube_statefulset_status_replicas_ready{namespace="ml-dev", statefulset="mlflow"}\n  /\nkube_statefulset_replicas{namespace="ml-dev", statefulset="mlflow"}\n  < 0.99');
    const restarts = rulesOf("stateful-service").find((r) => "alert" in r && r.alert === "ContainerRestarting")!;
    expect(restarts.expr).toContain('pod=~"mlflow-[0-9]+"');
  });
});

describe.skipIf(!promtool && !inCi)("StatefulSet alerts under the real promtool", () => {
  let dir: string;
  beforeAll(() => {
    if (!promtool) throw new Error("promtool is not installed; CI must install it (apt-get install prometheus)");
    dir = mkdtempSync(join(tmpdir(), "gitops-forge-stateful-alerts-"));
    for (const [name, groups] of Object.entries(sets)) {
      writeRuleTestSet(dir, name, { rules: ruleFileOf(prometheusRule({ name, namespace: "monitoring", labels: {} }, groups)), tests: promtoolTestsText(groups, `${name}.rules.yaml`) });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(sets))("%s: each alert fires on its StatefulSet's series and stays quiet", (name) => {
    const run = runPromtool(promtool!, ["test", "rules", `${name}.promtool-test.yaml`], dir);
    expect(run.output).toContain("SUCCESS");
    expect(run.code).toBe(0);
  });

  it("plays the StatefulSet's pods in the mixed namespace's tests, expecting its service's name", () => {
    const restarting = JSON.parse(promtoolTestsText(sets["mixed-namespace"]!, "mixed-namespace.rules.yaml")).tests.find((t: { name: string }) => t.name.includes("ContainerRestarting"));
    expect(restarting.input_series[0].series).toContain('pod="mlflow-0"');
    expect(restarting.alert_rule_test[1].exp_alerts[0].exp_labels).toMatchObject({ pod: "mlflow-0", service: "mlflow" });
  });

  it("leaves a Deployment-shaped pod of a StatefulSet's name alone", () => {
    const test = {
      rule_files: ["mixed-namespace.rules.yaml"],
      evaluation_interval: "1m",
      tests: [{
        interval: "1m",
        input_series: [{ series: 'kube_pod_container_status_restarts_total{namespace="ml-dev", pod="mlflow-7d9f8b6c5d-x2x4q", container="server"}', values: "0+1x30" }],
        alert_rule_test: [{ eval_time: "25m", alertname: "ContainerRestarting", exp_alerts: [] }],
      }],
    };
    writeFileSync(join(dir, "hashed.test.yaml"), stringify(test));
    const quiet = runPromtool(promtool!, ["test", "rules", "hashed.test.yaml"], dir);
    expect(quiet.output).toContain("SUCCESS");
    expect(quiet.code).toBe(0);
    // The same series under the StatefulSet's pod name does fire (so the quiet run above can fail).
    writeFileSync(join(dir, "ordinal.test.yaml"), stringify(test).replace("mlflow-7d9f8b6c5d-x2x4q", "mlflow-0"));
    const firing = runPromtool(promtool!, ["test", "rules", "ordinal.test.yaml"], dir);
    expect(firing.output).toContain('service="mlflow"');
    expect(firing.code).not.toBe(0);
  });
});
