import { cp } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runClusterCommand } from "../../scripts/cluster/command";
import { REPO_ROOT } from "../loopback/kube/fixtures";
import { writeKubeconfig } from "../loopback/kube/kubeconfig";
import { startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => {
  expect(h.cluster.mutatingRequestsWithoutDryRun()).toEqual([]);
  await h.close();
});

/** An A100 node as the NVIDIA GPU operator labels it. */
function a100Node(name: string, gpus: number) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB", "gitops-forge.io/gpu-pool": "a100" } },
    spec: { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] },
    status: { allocatable: { "nvidia.com/gpu": String(gpus) }, conditions: [{ type: "Ready", status: "True" }] },
  };
}

describe("cluster check on what synth generates for production", () => {
  it("finds the context in environments/production.yaml and dry-runs every synthesized object cleanly", async () => {
    h = await startHarness([]);
    await cp(path.join(REPO_ROOT, "environments"), path.join(h.root, "environments"), { recursive: true, filter: (f) => !f.endsWith(".ts") });
    await cp(path.join(REPO_ROOT, "generated", "production"), path.join(h.root, "generated", "production"), { recursive: true });
    for (const ns of ["ml-llm", "ml-serving"]) h.cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    for (let i = 1; i <= 4; i++) h.cluster.add(a100Node(`a100-${i}`, 8));
    const config = await writeKubeconfig(h.root, { server: h.server.url, token: "loopback-token", skipTLSVerify: true, context: "ml-prod-eu-west-1" });
    const result = await runClusterCommand(["check", "--env", "production", "--kubeconfig", config, "--format", "json"], { root: h.root, env: {} });
    const report = JSON.parse(result.output);
    expect(report.context).toBe("ml-prod-eu-west-1");
    expect(report.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(h.cluster.log.filter((r) => r.method === "PATCH" && r.status < 300)).toHaveLength(report.objects);
    expect(report.gpuPools.map((p: { pool: string }) => p.pool)).toEqual(["a100"]);
  });
});
