import { describe, expect, it } from "vitest";
import { prometheusRule, serviceMonitor, serviceRuleGroups } from "../../charts/monitoring/alert-rules";
import { manifestRenderer } from "../../scripts/lib/output/yaml-by-shape";
import { isWordLikeName, toYaml } from "../../scripts/lib/output/yaml";

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
  "qgitopsforgeservicej",
  "qgitopsforgenamespacej",
  "qgitops",
  "servicej",
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

/** A service's ServiceMonitor and PrometheusRule as synth builds them, with SLO and custom alerts naming it. */
function monitoringManifests(namespace: string, service: string): object[] {
  const labels = {
    "app.kubernetes.io/name": service,
    "app.kubernetes.io/instance": `dev-${service}`,
    "gitops-forge.io/environment": "dev",
    release: "kube-prometheus-stack",
  };
  const meta = { name: service, namespace, labels };
  const groups = serviceRuleGroups({
    environment: "dev",
    namespace,
    service,
    team: "ml-platform",
    runbookBaseUrl: "https://runbooks.example/ml",
    gpu: false,
    metricsPort: "metrics",
    slo: { errorRatio: 0.01, latencyP95Seconds: 0.25 },
    customAlerts: [
      {
        name: "QueueLong",
        expr: `queue_length{service="${service}"} > 10`,
        for: "5m",
        severity: "warning",
        summary: `Queue of ${service} is long`,
        description: `{{ $value }} requests wait in ${namespace}.`,
        // A label key may hold the service's name too.
        labels: /^[a-z_][a-z0-9_]*$/.test(service) ? { [service]: "queue" } : { component: service },
      },
    ],
  });
  const annotated = (object: object) => {
    const manifest = object as { metadata: object };
    return { ...manifest, metadata: { ...manifest.metadata, annotations: { "argocd.argoproj.io/sync-wave": "2" } } };
  };
  return [annotated(serviceMonitor(meta, { "app.kubernetes.io/name": service }, "metrics")), annotated(prometheusRule(meta, groups))];
}

describe("manifestRenderer (monitoring objects rendered once per shape)", () => {
  it("writes every monitoring object exactly as toYaml does, whatever the names", () => {
    const render = manifestRenderer();
    let compared = 0;
    for (const namespace of NAMES) {
      for (const service of NAMES) {
        for (const manifest of monitoringManifests(namespace, service)) {
          expect(render(manifest as never), `${namespace}/${service}`).toBe(toYaml(manifest));
          compared++;
        }
      }
    }
    expect(compared).toBe(NAMES.length * NAMES.length * 2);
  });

  it("writes other kinds exactly as toYaml does", () => {
    const render = manifestRenderer();
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ranker", namespace: "search", labels: { "app.kubernetes.io/name": "ranker" } }, spec: { replicas: 2 } };
    expect(render(deployment)).toBe(toYaml(deployment));
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
