import { beforeAll, describe, expect, it } from "vitest";
import { errorsOf, synthesizePlatform } from "./platform-environment";

const PLATFORM = `services:
  churn-predictor:
    ingress:
      host: null
      rules:
        - host: churn.acme.example
          paths: [{ path: /api }, { path: /v1/predict, pathType: Exact }]
        - host: predict.acme.example
      ingressClassName: nginx-internal
      tls: { secretName: acme-wildcard, hosts: ["*.acme.example"] }
      annotations: { nginx.ingress.kubernetes.io/proxy-body-size: 10m }
  search:
    ingress:
      tls: { secretName: acme-wildcard, hosts: ["*.acme.example"], certManager: false }
  llm-chat:
    ingress:
      tls: { secretName: chat-existing-cert, certManager: false }
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const backend = (name: string) => ({ service: { name, port: { name: "http" } } });

describe("ingress fields", () => {
  it("routes several hosts and paths to the service, with its own ingress class and annotations", () => {
    const ingress = platform.find("Ingress", "churn-predictor")!;
    expect(ingress.spec.ingressClassName).toBe("nginx-internal");
    expect(ingress.spec.rules).toEqual([
      {
        host: "churn.acme.example",
        http: {
          paths: [
            { path: "/api", pathType: "Prefix", backend: backend("churn-predictor") },
            { path: "/v1/predict", pathType: "Exact", backend: backend("churn-predictor") },
          ],
        },
      },
      { host: "predict.acme.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("churn-predictor") }] } },
    ]);
    expect(ingress.metadata.annotations).toMatchObject({ "nginx.ingress.kubernetes.io/proxy-body-size": "10m", "cert-manager.io/cluster-issuer": "letsencrypt-prod" });
  });

  it("shares one certificate, with its SANs, between services; cert-manager issues it once", () => {
    const churn = platform.find("Ingress", "churn-predictor")!;
    const search = platform.find("Ingress", "search")!;
    expect(churn.spec.tls).toEqual([{ secretName: "acme-wildcard", hosts: ["*.acme.example"] }]);
    expect(search.spec.tls).toEqual([{ secretName: "acme-wildcard", hosts: ["*.acme.example"] }]);
    expect(search.metadata.annotations?.["cert-manager.io/cluster-issuer"]).toBeUndefined();
    expect(search.spec.ingressClassName).toBe("nginx");
  });

  it("uses an existing certificate without cert-manager", () => {
    const chat = platform.find("Ingress", "llm-chat")!;
    expect(chat.spec.tls).toEqual([{ secretName: "chat-existing-cert", hosts: ["chat.acme.example"] }]);
    expect(chat.metadata.annotations?.["cert-manager.io/cluster-issuer"]).toBeUndefined();
  });

  it("passes validate at production severity", () => {
    expect(errorsOf(platform.report)).toEqual([]);
  });
});
