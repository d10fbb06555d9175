import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runClusterCommand } from "../cluster/command";
import { LoopbackCluster } from "../../test/loopback/kube/cluster";
import { loadUpstreamCrd, REPO_ROOT } from "../../test/loopback/kube/fixtures";
import { writeKubeconfig } from "../../test/loopback/kube/kubeconfig";
import { startKubeApiServer } from "../../test/loopback/kube/server";
import { WORKLOAD_ENVIRONMENTS, writeWorkload } from "./workload";

const SERVICES = 1000;
const SIMULATED_LATENCY_MS = 2;
const GPU_NODES = 32;

/** An A100 node as the reference workload's pool selects it (nvidia.com/gpu.product=A100), tainted for GPUs only. */
function a100Node(i: number) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `a100-${i}`, labels: { "nvidia.com/gpu.product": "A100" } },
    spec: { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] },
    status: { allocatable: { "nvidia.com/gpu": "8" }, conditions: [{ type: "Ready", status: "True" }] },
  };
}

/**
 * `cluster check` on the N=1000 reference workload (3 environments × 1000
 * services, synthesized by synth) against the loopback API server: requests
 * sent, against the budget of one per object plus discovery and listings, and
 * wall time at the default concurrency (16 in flight); then, with network
 * latency simulated, one request at a time against 16 in flight.
 */
export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "gitops-forge-bench-cluster-"));
  const cluster = new LoopbackCluster();
  const server = startKubeApiServer(cluster);
  try {
    writeWorkload(root, SERVICES);
    const synth = Bun.spawnSync([process.execPath, path.join(REPO_ROOT, "scripts/synth.ts"), "--root", root, "--no-validate"], { stderr: "pipe", stdout: "pipe" });
    if (synth.exitCode !== 0) throw new Error(`synth failed: ${synth.stderr.toString()}`);
    for (const crd of ["velero/velero.io_schedules.yaml", "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml", "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml"]) {
      cluster.add(loadUpstreamCrd(crd));
    }
    for (let i = 0; i < GPU_NODES; i++) cluster.add(a100Node(i));
    const kubeconfigs: string[] = [];
    for (const env of WORKLOAD_ENVIRONMENTS) {
      for (const ns of await readdir(path.join(root, "generated", env))) cluster.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      kubeconfigs.push(await writeKubeconfig(root, { server: server.url, token: "loopback-token", skipTLSVerify: true, context: `bench-${env}` }));
    }
    // One kubeconfig per cluster, merged through KUBECONFIG as kubectl would.
    const io = { root, env: { KUBECONFIG: kubeconfigs.join(path.delimiter) } };
    const check = async (env: string, concurrency: number) => {
      const started = performance.now();
      const result = await runClusterCommand(["check", "--env", env, "--concurrency", String(concurrency), "--format", "json"], io);
      const seconds = (performance.now() - started) / 1000;
      const report = JSON.parse(result.output) as { objects: number; summary: { error: number } };
      console.log(`  ${env.padEnd(10)} concurrency ${String(concurrency).padStart(2)}  ${report.objects} objects  ${result.requests} requests (${result.requests - report.objects} for discovery and listings)  ${report.summary.error} errors  ${seconds.toFixed(2)} s`);
      return seconds;
    };

    console.log(`cluster check, reference workload ${WORKLOAD_ENVIRONMENTS.length} environments × ${SERVICES} services, loopback API server in the same process, default concurrency`);
    let total = 0;
    for (const env of WORKLOAD_ENVIRONMENTS) total += await check(env, 16);
    console.log(`  total ${total.toFixed(2)} s`);

    cluster.latencyMs = SIMULATED_LATENCY_MS;
    console.log(`with ${SIMULATED_LATENCY_MS} ms added to every answer (a nearby cluster):`);
    const sequential = await check("production", 1);
    const parallel = await check("production", 16);
    console.log(`  16 in flight over 1: ${(sequential / parallel).toFixed(1)}x faster`);
    console.log(`most requests in flight at once: ${cluster.maxInFlight}; requests that could modify the cluster without dryRun=All: ${cluster.mutatingRequestsWithoutDryRun().length}`);
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
