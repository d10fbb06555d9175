import { describe, expect, it } from "vitest";
import { JsonShape } from "../../charts/json-shape";
import { loadChartEnvironment } from "../../charts/load-environment";
import { prometheusRuleOf, serviceMonitorOf } from "../../charts/monitoring/alert-rules";
import { serviceAlertInput } from "../../charts/monitoring/environment-alerts";
import { serviceMonitorSpecOf } from "../../charts/monitoring/service-monitor-spec";
import { serviceRuleFile } from "../../charts/monitoring/service-rule-file";
import { renderManifest } from "../../scripts/lib/output/yaml-by-shape";
import { isWordLikeName, toYaml } from "../../scripts/lib/output/yaml";
import { REPO_ROOT } from "../helpers/repo";

/** Service and namespace names, among them ones that contain each other, the placeholders, numbers, dates and YAML words. */
const NAMES = [
  "ranker",
  "svc-3",
  "svc-30",
  "serving",
  "serving-dev",
  "dev",
  "api",
  "api-gateway",
  "gitops",
  "forge",
  "placeholder",
  "gitopsforgeserviceplaceholder",
  "gitopsforgenamespaceplaceholder",
  "gitopsforgeservice",
  "serviceplaceholder",
  "iraq",
  "job",
  "q",
  "j",
  "on",
  "yes",
  "null",
  "n",
  "y",
  "e",
  "1e3",
  "123",
  "0x1f",
  "deadbeef",
  "abc-def",
  "2024-01-01",
];

const env = loadChartEnvironment(REPO_ROOT, "dev");
const svc = env.services.find((s) => s.name === "llm-chat")!;

/** A service's ServiceMonitor and PrometheusRule as synth builds them (fields filled from shapes), with a custom alert naming it. */
function monitoringManifests(namespace: string, service: string) {
  const meta = { name: service, namespace, labels: { "app.kubernetes.io/name": service, "app.kubernetes.io/instance": `dev-${service}` } };
  const input = {
    ...serviceAlertInput(env, svc),
    namespace,
    service,
    customAlerts: [
      {
        name: "QueueLong",
        expr: "queue_length > 10",
        for: "5m",
        severity: "warning" as const,
        summary: "The queue is long",
        description: "{{ $value }} requests wait.",
        // A label key may hold the service's name too.
        labels: /^[a-z_][a-z0-9_]*$/.test(service) ? { [service]: "queue" } : { component: "queue" },
      },
    ],
  };
  const monitor = serviceMonitorOf(meta, serviceMonitorSpecOf(env, { ...svc, namespace, name: service })) as { spec: object };
  const rule = prometheusRuleOf(meta, serviceRuleFile(input)) as { spec: { groups: Array<{ name: string }> } };
  return { monitor, rule };
}

describe("renderManifest (fields filled from a shape written from the shape's YAML)", () => {
  it("writes every monitoring object exactly as toYaml writes it, whatever the names", () => {
    let compared = 0;
    for (const namespace of NAMES) {
      for (const service of NAMES) {
        for (const manifest of Object.values(monitoringManifests(namespace, service))) {
          expect(renderManifest(manifest), `${namespace}/${service}`).toBe(toYaml(manifest));
          compared++;
        }
      }
    }
    expect(compared).toBe(NAMES.length * NAMES.length * 2);
  });

  it("writes keys that hold a name as toYaml does (a name may sort a key elsewhere among others)", () => {
    const placeholder = "gitopsforgeserviceplaceholder";
    const shape = new JsonShape({ among: { mid: "1", [placeholder]: "2" }, alone: { [`${placeholder}.json`]: placeholder } }, [placeholder]);
    for (const name of NAMES) {
      const manifest = { apiVersion: "v1", kind: "Example", metadata: { name: "x" }, spec: shape.fill([name]) };
      expect(renderManifest(manifest), name).toBe(toYaml(manifest));
    }
  });

  it("fills in word-like names, and writes other values, copies and edits as they are", () => {
    // An edit behind the shape's back (synth never makes one) shows which way a field was written.
    const edited = (namespace: string, service: string) => {
      const { rule } = monitoringManifests(namespace, service);
      rule.spec.groups[0]!.name = "edited";
      return rule;
    };
    expect(renderManifest(edited("serving", "ranker"))).not.toContain("edited");
    expect(renderManifest(edited("serving", "yes"))).toContain("edited");
    const { rule } = monitoringManifests("serving", "ranker");
    const patched = { ...rule, spec: structuredClone(rule.spec) };
    patched.spec.groups[0]!.name = "patched";
    expect(renderManifest(patched)).toContain("patched");
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ranker", namespace: "search" }, spec: { replicas: 2 } };
    expect(renderManifest(deployment)).toBe(toYaml(deployment));
  });
});

describe("isWordLikeName", () => {
  /** Strings a name may be part of, `X` standing for it. */
  const CONTEXTS = ["X", "dev-X", "X.slo", "X-1", "1-X", "0x-X", "2024-01-X", "2024-X", "n-X", "X: x", "a X", "{{ X }}", "line one\nX\n", "X\n"];
  const WORD = "word";

  it("accepts only names that are written wherever a plain word would be", () => {
    for (const name of NAMES.filter(isWordLikeName)) {
      for (const context of CONTEXTS) {
        const withWord = toYaml({ key: context.replace("X", WORD) });
        expect(toYaml({ key: context.replace("X", name) }), `${name} in ${JSON.stringify(context)}`).toBe(withWord.replace(WORD, name));
      }
    }
  });

  it("rejects names YAML would quote or read as numbers, dates or booleans", () => {
    for (const name of ["on", "yes", "null", "n", "y", "1e3", "123", "0x1f", "deadbeef", "abc-def", "2024-01-01", "-x", "x-", "Ranker", "a_b"]) {
      expect(isWordLikeName(name), name).toBe(false);
    }
    for (const name of ["ranker", "svc-3", "serving-dev", "gitops"]) expect(isWordLikeName(name), name).toBe(true);
  });
});
