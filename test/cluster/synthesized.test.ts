import { cp, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runClusterCommand } from "../../scripts/cluster/command";
import { loadUpstreamCrd, REPO_ROOT, storageClass } from "../loopback/kube/fixtures";
import { writeKubeconfig } from "../loopback/kube/kubeconfig";
import { startHarness, type Harness } from "./harness";
import { describeConformance, itConformance } from "../helpers/upstream-crds";

let h: Harness;
afterEach(async () => {
  expect(h.cluster.mutatingRequestsWithoutDryRun()).toEqual([]);
  await h.close();
});

/** Copies the repository's environment files and one folder of its synthesized output into the harness. */
async function copyFromRepo(harness: Harness, generatedFolder: string): Promise<void> {
  await cp(path.join(REPO_ROOT, "environments"), path.join(harness.root, "environments"), { recursive: true, filter: (f) => !f.endsWith(".ts") });
  await cp(path.join(REPO_ROOT, "generated", generatedFolder), path.join(harness.root, "generated", generatedFolder), { recursive: true });
}

/** A GPU node as the NVIDIA GPU operator labels it. */
function gpuProductNode(name: string, product: string, gpus: number) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "nvidia.com/gpu.product": product } },
    spec: { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] },
    status: { allocatable: { "nvidia.com/gpu": String(gpus) }, conditions: [{ type: "Ready", status: "True" }] },
  };
}

/**
 * External Secrets' CRD is not among the upstream CRDs the tests read: this
 * stands in for it, serving ExternalSecret v1 with an open spec.
 */
const EXTERNAL_SECRETS_CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "externalsecrets.external-secrets.io" },
  spec: {
    group: "external-secrets.io",
    scope: "Namespaced",
    names: { kind: "ExternalSecret", plural: "externalsecrets", singular: "externalsecret", listKind: "ExternalSecretList" },
    versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } }, "x-kubernetes-preserve-unknown-fields": true } } }],
  },
};

/** A cluster with Velero, Chaos Mesh, KEDA and External Secrets installed, and A100 and L4 nodes. */
function seedPlatformCluster(harness: Harness, namespaces: string[]): void {
  const crds = ["velero/velero.io_schedules.yaml", "chaos-mesh/chaos-mesh.org_schedules.yaml", "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml", "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml", "keda/keda.sh_scaledobjects.yaml", "argo-rollouts/argoproj.io_rollouts.yaml", "argo-rollouts/argoproj.io_analysistemplates.yaml"];
  for (const crd of crds) harness.cluster.add(loadUpstreamCrd(crd));
  harness.cluster.add(EXTERNAL_SECRETS_CRD);
  for (const name of namespaces) harness.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  for (let i = 1; i <= 4; i++) harness.cluster.add(gpuProductNode(`a100-${i}`, "NVIDIA-A100-SXM4-80GB", 8));
  for (let i = 1; i <= 4; i++) harness.cluster.add(gpuProductNode(`l4-${i}`, "NVIDIA-L4", 4));
  // The class the sample environments' StatefulSet volumes name.
  harness.cluster.add(storageClass("standard-rwo", true));
}

describeConformance("cluster check on synthesized environments", () => describe.each([
  ["production", "ml-prod-eu-west-1"],
  ["staging", "ml-staging"],
  ["dev", "ml-dev"],
])("cluster check on what synth generates for %s", (env, context) => {
  it("takes the context from the environment file and dry-runs every synthesized object cleanly", async () => {
    h = await startHarness([]);
    await copyFromRepo(h, env);
    seedPlatformCluster(h, await readdir(path.join(h.root, "generated", env)));
    const config = await writeKubeconfig(h.root, { server: h.server.url, token: "loopback-token", skipTLSVerify: true, context });
    const result = await runClusterCommand(["check", "--env", env, "--kubeconfig", config, "--format", "json"], { root: h.root, env: {} });
    const report = JSON.parse(result.output);
    expect(report.context).toBe(context);
    expect(report.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(h.cluster.log.filter((r) => r.method === "PATCH" && r.status < 300)).toHaveLength(report.objects);
  });
}));

describe("cluster check --argocd on the Argo CD objects synth generates", () => {
  async function argocdHarness(env: string, withCrds: boolean): Promise<Harness> {
    const harness = await startHarness([]);
    await copyFromRepo(harness, `argocd/${env}`);
    harness.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "argocd" } });
    if (withCrds) for (const crd of ["applications", "appprojects", "applicationsets"]) harness.cluster.add(loadUpstreamCrd(`argo-cd/argoproj.io_${crd}.yaml`));
    return harness;
  }

  it("reports the Argo CD CRDs missing on the cluster it points at", async () => {
    h = await argocdHarness("staging", false);
    const result = await runClusterCommand(["check", "--env", "staging", "--argocd", "--context", "loopback", "--kubeconfig", h.kubeconfig], { root: h.root, env: {} });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("no CustomResourceDefinition for Application in group argoproj.io is installed (1 generated object)");
    expect(result.output).toContain("install the Argo CD CRDs on the cluster before merging");
  });

  itConformance.each([["staging"], ["production"]])("dry-runs %s's Application or ApplicationSet and AppProject against the real Argo CD CRDs", async (env) => {
    h = await argocdHarness(env, true);
    const result = await runClusterCommand(["check", "--env", env, "--argocd", "--context", "loopback", "--kubeconfig", h.kubeconfig, "--format", "json"], { root: h.root, env: {} });
    const report = JSON.parse(result.output);
    expect(report.findings).toEqual([]);
    expect(h.cluster.log.filter((r) => r.method === "PATCH" && r.path.startsWith("/apis/argoproj.io/v1alpha1/namespaces/argocd/") && r.status < 300)).toHaveLength(report.objects);
  });
});
