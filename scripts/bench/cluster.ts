import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runClusterCommand } from "../cluster/command";
import { LoopbackCluster } from "../../test/loopback/kube/cluster";
import { gpuNode, namespaceObjects, serviceObjects, writeGenerated, type GeneratedFile } from "../../test/loopback/kube/fixtures";
import { writeKubeconfig } from "../../test/loopback/kube/kubeconfig";
import { startKubeApiServer } from "../../test/loopback/kube/server";

const ENVIRONMENTS = ["dev", "staging", "prod"];
const SERVICES_PER_ENV = 1000;
const NAMESPACES_PER_ENV = 20;
const SIMULATED_LATENCY_MS = 2;

/** The N=1000 reference workload of one environment: 1000 services over 20 namespaces, every tenth on a GPU pool. */
function referenceWorkload(env: string): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (let n = 0; n < NAMESPACES_PER_ENV; n++) files.push(...namespaceObjects(env, `team-${n}`));
  for (let i = 0; i < SERVICES_PER_ENV; i++) {
    const gpu = i % 10 === 0 ? { pool: i % 20 === 0 ? "a100" : "h100", perPod: 1 } : undefined;
    files.push(...serviceObjects(env, { name: `model-${i}`, namespace: `team-${i % NAMESPACES_PER_ENV}`, minReplicas: 1, gpu }));
  }
  return files;
}

/**
 * `cluster check` on the reference workload (3 environments × 1000 services)
 * against the loopback API server: requests sent (against the budget of one
 * per object plus discovery and listings) and wall time at the default
 * concurrency (16 in flight); then, with network latency simulated, one
 * request at a time against 16 in flight.
 */
export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "gitops-forge-bench-cluster-"));
  const cluster = new LoopbackCluster();
  const server = startKubeApiServer(cluster);
  try {
    for (let i = 0; i < 16; i++) cluster.add(gpuNode(`gpu-a100-${i}`, "a100", 8));
    for (let i = 0; i < 16; i++) cluster.add(gpuNode(`gpu-h100-${i}`, "h100", 8));
    const objects = new Map<string, number>();
    for (const env of ENVIRONMENTS) {
      const files = referenceWorkload(env);
      objects.set(env, files.length);
      await writeGenerated(root, env, files);
      for (const f of files) if (f.object.kind === "Namespace") cluster.add(f.object);
    }
    const kubeconfig = await writeKubeconfig(root, { server: server.url, token: "loopback-token", skipTLSVerify: true });
    const check = async (env: string, concurrency: number) => {
      const started = performance.now();
      const result = await runClusterCommand(["check", "--env", env, "--context", "loopback", "--kubeconfig", kubeconfig, "--concurrency", String(concurrency), "--format", "json"], { root, env: {} });
      const seconds = (performance.now() - started) / 1000;
      const errors = (JSON.parse(result.output).findings as Array<{ severity: string }>).filter((f) => f.severity === "error").length;
      const n = objects.get(env)!;
      console.log(`  ${env.padEnd(8)} concurrency ${String(concurrency).padStart(2)}  ${n} objects  ${result.requests} requests (${result.requests - n} beyond one per object)  ${errors} errors  ${seconds.toFixed(2)} s`);
      return seconds;
    };

    console.log(`cluster check, ${ENVIRONMENTS.length} environments × ${SERVICES_PER_ENV} services, loopback API server in the same process, default concurrency`);
    let total = 0;
    for (const env of ENVIRONMENTS) total += await check(env, 16);
    console.log(`  total ${total.toFixed(2)} s`);

    cluster.latencyMs = SIMULATED_LATENCY_MS;
    console.log(`with ${SIMULATED_LATENCY_MS} ms added to every answer (a nearby cluster):`);
    const sequential = await check("prod", 1);
    const parallel = await check("prod", 16);
    console.log(`  16 in flight over 1: ${(sequential / parallel).toFixed(1)}x faster`);
    console.log(`requests that could modify the cluster without dryRun=All: ${cluster.mutatingRequestsWithoutDryRun().length}`);
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
