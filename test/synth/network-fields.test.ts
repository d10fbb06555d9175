import { beforeAll, describe, expect, it } from "vitest";
import { errorsOf, synthesizePlatform } from "./platform-environment";

const PLATFORM = `services:
  churn-predictor:
    networkPolicy:
      ingress:
        - from: [{ namespace: ml-platform }]
        - from: [{ namespaceSelector: { matchLabels: { team: analytics } }, podSelector: { matchExpressions: [{ key: app, operator: In, values: [dashboard] }] } }]
          ports: [{ port: 8080 }]
      egress:
        - to: [{ namespace: databases, podSelector: { matchLabels: { app: postgres } } }]
          ports: [{ port: 5432 }]
        - to: [{ service: embeddings }]
        - to: [{ ipBlock: { cidr: 10.0.0.0/8, except: [10.96.0.0/12] } }]
          ports: [{ port: 443 }, { port: 8000, endPort: 8100 }]
        - to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: otel-collector } }, allowAll: true }]
          ports: [{ port: 4317 }]
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const tcp = (port: number | string, endPort?: number) => ({ protocol: "TCP", port, ...(endPort ? { endPort } : {}) });
const NS = "kubernetes.io/metadata.name";

describe("networkPolicy fields", () => {
  it("adds callers by namespace name and by namespace and pod labels, on the service port unless ports are given", () => {
    const ingress = platform.find("NetworkPolicy", "churn-predictor")!.spec.ingress;
    expect(ingress).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { [NS]: "ml-platform" } } }], ports: [tcp("http")] });
    expect(ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { team: "analytics" } }, podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["dashboard"] }] } }],
      ports: [tcp(8080)],
    });
  });

  it("adds destinations by pod labels in a namespace, by service name, by CIDR with exceptions, and an explicitly open namespace selector", () => {
    const egress = platform.find("NetworkPolicy", "churn-predictor")!.spec.egress;
    expect(egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { [NS]: "databases" } }, podSelector: { matchLabels: { app: "postgres" } } }], ports: [tcp(5432)] });
    expect(egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { [NS]: "ml-llm" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "embeddings", "app.kubernetes.io/instance": "platform-embeddings" } } }],
      ports: [tcp(8080)],
    });
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.96.0.0/12"] } }], ports: [tcp(443), tcp(8000, 8100)] });
    expect(egress).toContainEqual({ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "otel-collector" } } }], ports: [tcp(4317)] });
  });

  it("keeps the generated rules and the namespace's default-deny", () => {
    const policy = platform.find("NetworkPolicy", "churn-predictor")!;
    expect(policy.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: "10.10.0.0/24" } }], ports: [tcp(5432)] });
    expect(policy.spec.ingress).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { [NS]: "monitoring" } } }], ports: [tcp("metrics")] });
    expect(platform.find("NetworkPolicy", "default-deny")!.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("passes validate at production severity", () => {
    expect(errorsOf(platform.report)).toEqual([]);
  });
});
