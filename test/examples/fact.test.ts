import { describe, expect, it } from "vitest";
import { judge, resolvePath, type Fact } from "./fact";

const deployment = {
  metadata: { annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-prod" } },
  spec: {
    containers: [
      {
        name: "server",
        ports: [{ name: "http", containerPort: 8001 }],
        env: [{ name: "API_KEY", valueFrom: { secretKeyRef: { name: "api", key: "key" } } }],
        resources: { limits: { cpu: "2" } },
        livenessProbe: { httpGet: { port: "http" } },
      },
    ],
  },
};
const fact = (over: Partial<Fact>): Fact => ({ guide: "g", manifest: "m", path: "", expected: undefined, ...over });
const check = (over: Partial<Fact>) => {
  const f = fact(over);
  const found = resolvePath(deployment, f.path);
  return found.missing === undefined && judge(f, found.value, new Map([["http", 8001]])).ok;
};

describe("fact checks", () => {
  it("reads keys with dots, indexes and [key=value] selections", () => {
    expect(resolvePath(deployment, 'metadata.annotations["cert-manager.io/cluster-issuer"]').value).toBe("letsencrypt-prod");
    expect(resolvePath(deployment, "spec.containers[name=server].env[name=API_KEY].valueFrom.secretKeyRef.key").value).toBe("key");
    expect(resolvePath(deployment, "spec.containers[0].ports[0].containerPort").value).toBe(8001);
    expect(resolvePath(deployment, "spec.containers[name=app].image")).toEqual({ value: undefined, missing: "[name=app]" });
    expect(() => resolvePath(deployment, "spec..containers]")).toThrow(/bad fact path/);
  });

  it("fails a fact whose value differs, and passes the one the manifest holds", () => {
    expect(check({ path: "spec.containers[0].name", expected: "server" })).toBe(true);
    expect(check({ path: "spec.containers[0].name", expected: "ml-api" })).toBe(false);
    expect(check({ path: "spec.containers[0].ports", expected: [{ name: "http" }] })).toBe(false);
  });

  it("compares quantities, list items, substrings and named ports as the fact asks", () => {
    expect(check({ path: "spec.containers[0].resources.limits.cpu", expected: "2000m", match: "quantity" })).toBe(true);
    expect(check({ path: "spec.containers[0].resources.limits.cpu", expected: "2000m" })).toBe(false);
    expect(check({ path: "spec.containers[0].resources.limits.cpu", expected: "1500m", match: "quantity" })).toBe(false);
    expect(check({ path: "spec.containers[0].env", expected: { name: "API_KEY", valueFrom: { secretKeyRef: {} } }, match: "includes" })).toBe(true);
    expect(check({ path: "spec.containers[0].env", expected: { name: "API_KEY", value: "x" }, match: "includes" })).toBe(false);
    expect(check({ path: "spec.containers[0].image", expected: "x", match: "contains" })).toBe(false);
    expect(check({ path: "spec.containers[0].livenessProbe.httpGet.port", expected: 8001, match: "port" })).toBe(true);
    expect(check({ path: "spec.containers[0].livenessProbe.httpGet.port", expected: 8000, match: "port" })).toBe(false);
  });
});
