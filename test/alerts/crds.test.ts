/** Every generated PrometheusRule and ServiceMonitor validates against the upstream prometheus-operator CRDs. */
import { expect, it } from "vitest";
import {
  environmentRuleGroups,
  namespaceRuleGroups,
  prometheusRule,
  serviceMonitor,
  serviceRuleGroups,
} from "../../charts/monitoring/alert-rules";
import { crdErrors } from "../helpers/crds";
import { describeConformance } from "../helpers/upstream-crds";
import { loadSample } from "./sample-environment";

const labels = {
  "app.kubernetes.io/managed-by": "gitops-forge",
  "gitops-forge.io/environment": "production",
  release: "kube-prometheus-stack",
};

type Manifest = { apiVersion: string; kind: string };

describeConformance("prometheus-operator objects", () => {
  const sample = loadSample();

  it.each([
    ["ranker", () => serviceRuleGroups(sample.ranker)],
    ["llm-chat", () => serviceRuleGroups(sample.llmChat)],
    ["environment", () => environmentRuleGroups(sample.environment)],
    ["namespace", () => namespaceRuleGroups(sample.namespace)],
  ])("PrometheusRule of %s validates against the CRD", (name, groups) => {
    const object = prometheusRule({ name, namespace: "search", labels }, groups()) as Manifest;
    expect(crdErrors(object)).toEqual([]);
    expect(object).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name, namespace: "search", labels } });
  });

  it("PrometheusRule carries only Prometheus rule fields", () => {
    const object = prometheusRule({ name: "ranker", namespace: "search", labels }, serviceRuleGroups(sample.ranker)) as {
      spec: { groups: Array<{ rules: object[] }> };
    };
    for (const rule of object.spec.groups.flatMap((g) => g.rules)) {
      expect(Reflect.ownKeys(rule)).toEqual(["alert", "expr", "for", "labels", "annotations"]);
    }
  });

  it("ServiceMonitor validates against the CRD and selects the service's metrics port", () => {
    const selector = { "app.kubernetes.io/name": "ranker", "app.kubernetes.io/instance": "production-ranker" };
    const object = serviceMonitor({ name: "ranker", namespace: "search", labels }, selector, "metrics") as Manifest;
    expect(crdErrors(object)).toEqual([]);
    expect(object).toMatchObject({
      kind: "ServiceMonitor",
      spec: { selector: { matchLabels: selector }, namespaceSelector: { matchNames: ["search"] }, endpoints: [{ port: "metrics", path: "/metrics" }] },
    });
  });

  it("a ServiceMonitor relabelling a renamed Service's targets to the service validates against the CRD", () => {
    const object = serviceMonitor({ name: "ranker", namespace: "search", labels }, {}, "metrics", "ranker") as Manifest & { spec: { endpoints: Array<Record<string, unknown>> } };
    expect(crdErrors(object)).toEqual([]);
    expect(object.spec.endpoints[0]!.relabelings).toEqual([{ action: "replace", targetLabel: "service", replacement: "ranker" }]);
  });

  it("the CRD validation rejects what the API server would reject", () => {
    const rule = prometheusRule({ name: "x", namespace: "search", labels }, serviceRuleGroups(sample.ranker)) as Manifest & {
      spec: { groups: Array<{ rules: Array<Record<string, unknown>> }> };
    };
    rule.spec.groups[0]!.rules[0]!.for = "5 minutes";
    rule.spec.groups[0]!.rules[0]!.severity = "critical";
    const errors = crdErrors(rule).join("\n");
    expect(errors).toContain("/spec/groups/0/rules/0/for");
    expect(errors).toContain("severity");
    const monitor = serviceMonitor({ name: "x", namespace: "search", labels }, {}, "metrics") as Manifest & { spec: { endpoints: Array<Record<string, unknown>> } };
    monitor.spec.endpoints[0]!.scheme = "ftp";
    expect(crdErrors(monitor).join("\n")).toContain("/spec/endpoints/0/scheme");
  });
});
