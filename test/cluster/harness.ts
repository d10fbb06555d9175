import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runClusterCommand, type CommandResult } from "../../scripts/cluster/command";
import { LoopbackCluster } from "../loopback/kube/cluster";
import { gpuNode, namespaceObjects, serviceObjects, writeGenerated, type GeneratedFile, type ServiceFixture } from "../loopback/kube/fixtures";
import { writeKubeconfig, type KubeconfigOptions } from "../loopback/kube/kubeconfig";
import { startKubeApiServer, type KubeApiServer } from "../loopback/kube/server";

export const ENV = "prod";

/** A temporary repository, a loopback API server and a kubeconfig pointing at it. */
export interface Harness {
  root: string;
  cluster: LoopbackCluster;
  server: KubeApiServer;
  kubeconfig: string;
  run(subcommand: "check" | "diff", ...flags: string[]): Promise<CommandResult>;
  close(): Promise<void>;
}

export async function startHarness(files: readonly GeneratedFile[], kubeconfig: Partial<KubeconfigOptions> = {}): Promise<Harness> {
  const root = await mkdtemp(path.join(tmpdir(), "gitops-forge-cluster-"));
  await writeGenerated(root, ENV, files);
  const cluster = new LoopbackCluster();
  const server = startKubeApiServer(cluster);
  const config = await writeKubeconfig(root, { server: server.url, token: "loopback-token", skipTLSVerify: true, ...kubeconfig });
  return {
    root,
    cluster,
    server,
    kubeconfig: config,
    run: (subcommand, ...flags) => runClusterCommand([subcommand, "--env", ENV, "--context", "loopback", "--kubeconfig", config, ...flags], { root, env: {} }),
    close: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Two namespaces, a CPU service and a GPU service on pool a100. */
export const SERVICES: ServiceFixture[] = [
  { name: "embedder", namespace: "search", minReplicas: 2 },
  { name: "llm-chat", namespace: "chat", minReplicas: 2, gpu: { pool: "a100", perPod: 2 } },
];

export function platformFiles(services: readonly ServiceFixture[] = SERVICES): GeneratedFile[] {
  const namespaces = [...new Set(services.map((s) => s.namespace))].sort();
  return [...namespaces.flatMap((ns) => namespaceObjects(ENV, ns)), ...services.flatMap((s) => serviceObjects(ENV, s))];
}

/** Namespaces live, two a100 nodes with 4 GPUs each. */
export function seedHealthyCluster(cluster: LoopbackCluster, services: readonly ServiceFixture[] = SERVICES): void {
  for (const file of platformFiles(services)) if (file.object.kind === "Namespace") cluster.add(file.object);
  cluster.add(gpuNode("gpu-a100-1", "a100", 4));
  cluster.add(gpuNode("gpu-a100-2", "a100", 4));
}
