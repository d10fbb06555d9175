import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LoopbackCluster } from "../loopback/kube/cluster";
import { loadUpstreamCrd, prometheusRule, serviceObjects } from "../loopback/kube/fixtures";
import { startKubeApiServer, type KubeApiServer } from "../loopback/kube/server";
import { ENV, SERVICES } from "./harness";
import { itConformance } from "../helpers/upstream-crds";

/** The loopback server must refuse what a real API server refuses, or the cluster tests prove nothing. */
let server: KubeApiServer;
let cluster: LoopbackCluster;
beforeEach(() => {
  cluster = new LoopbackCluster();
  cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "chat" } });
  server = startKubeApiServer(cluster);
});
afterEach(async () => server.stop());

const deployment = () => structuredClone(serviceObjects(ENV, SERVICES[1]!)[0]!.object) as any;
const APPLY = "application/apply-patch+yaml";

async function apply(path: string, body: unknown, query = "dryRun=All&fieldManager=gitops-forge&fieldValidation=Strict", contentType = APPLY) {
  const res = await fetch(`${server.url}${path}?${query}`, { method: "PATCH", headers: { Authorization: "Bearer loopback-token", "Content-Type": contentType }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, warning: res.headers.get("warning") };
}

const DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/chat/deployments/llm-chat";

describe("loopback Kubernetes API server", () => {
  it("refuses requests without valid credentials with a 401 Status", async () => {
    const res = await fetch(`${server.url}/apis`, { headers: { Authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
  });

  it("validates built-in kinds against the Kubernetes schema", async () => {
    const d = deployment();
    d.spec.replicas = "three";
    const { status, body } = await apply(DEPLOYMENT_PATH, d);
    expect(status).toBe(422);
    expect(body.reason).toBe("Invalid");
    expect(body.details.causes).toEqual([{ reason: "FieldValueTypeInvalid", field: "spec.replicas", message: 'Invalid value: "three": spec.replicas in body must be of type integer: "three"' }]);
  });

  it("refuses unknown fields under strict field validation, and warns under the default", async () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.request = { cpu: "1" };
    expect((await apply(DEPLOYMENT_PATH, d)).status).toBe(400);
    const lenient = await apply(DEPLOYMENT_PATH, d, "dryRun=All&fieldManager=gitops-forge");
    expect(lenient.status).toBe(201);
    expect(lenient.warning).toMatch(/^299 - "unknown field \\"spec\.template\.spec\.containers\[name=\\"server\\"\]\.resources\.request\\""$/);
  });

  it("checks what the schema cannot: selector against template labels, names", async () => {
    const d = deployment();
    d.spec.selector.matchLabels["app.kubernetes.io/name"] = "other";
    const { status, body } = await apply(DEPLOYMENT_PATH, d);
    expect(status).toBe(422);
    expect(body.details.causes[0].field).toBe("spec.template.metadata.labels");
  });

  it("speaks server-side apply only: fieldManager required, apply content type, no managedFields", async () => {
    expect((await apply(DEPLOYMENT_PATH, deployment(), "dryRun=All")).status).toBe(400);
    expect((await apply(DEPLOYMENT_PATH, deployment(), "dryRun=All&fieldManager=x", "application/strategic-merge-patch+json")).status).toBe(415);
    expect((await apply(DEPLOYMENT_PATH, deployment(), "dryRun=Some&fieldManager=x")).status).toBe(400);
    expect((await apply(DEPLOYMENT_PATH, deployment(), "dryRun=All&fieldManager=x&fieldValidation=strict")).status).toBe(400);
    const withManaged = deployment();
    withManaged.metadata.managedFields = [];
    expect((await apply(DEPLOYMENT_PATH, withManaged)).body.message).toBe("metadata.managedFields must be nil");
    expect((await apply("/apis/apps/v1/namespaces/ghost/deployments/llm-chat", { ...deployment(), metadata: { ...deployment().metadata, namespace: "ghost" } })).body.message).toBe('namespaces "ghost" not found');
  });

  itConformance("serves custom kinds only once their CRD is stored, and validates them against its openAPIV3Schema", async () => {
    const rule = prometheusRule(ENV, SERVICES[1]!).object as any;
    const path = "/apis/monitoring.coreos.com/v1/namespaces/chat/prometheusrules/llm-chat";
    expect((await apply(path, rule)).status).toBe(404);
    cluster.add(loadUpstreamCrd("prometheus-operator/monitoring.coreos.com_prometheusrules.yaml"));
    const groups = (await (await fetch(`${server.url}/apis`, { headers: { Authorization: "Bearer loopback-token" } })).json()) as { groups: Array<{ name: string }> };
    expect(groups.groups.map((g) => g.name)).toContain("monitoring.coreos.com");
    const group = (await (await fetch(`${server.url}/apis/monitoring.coreos.com`, { headers: { Authorization: "Bearer loopback-token" } })).json()) as { kind: string; preferredVersion: { groupVersion: string } };
    expect([group.kind, group.preferredVersion.groupVersion]).toEqual(["APIGroup", "monitoring.coreos.com/v1"]);
    expect((await apply(path, rule)).status).toBe(201);
    rule.spec.groups[0].rules[0].for = "five minutes";
    const bad = await apply(path, rule);
    expect([bad.status, bad.body.details.causes[0].field]).toEqual([422, "spec.groups[0].rules[0].for"]);
  });

  it("persists an apply without dryRun, and the request log shows it", async () => {
    expect((await apply(DEPLOYMENT_PATH, deployment(), "fieldManager=someone")).status).toBe(201);
    expect(cluster.list(cluster.resourceOf("apps/v1", "Deployment")!)).toHaveLength(1);
    expect(cluster.mutatingRequestsWithoutDryRun()).toHaveLength(1);
  });
});
