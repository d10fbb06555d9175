import { writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";

export interface KubeconfigOptions {
  server: string;
  context?: string;
  /** A static bearer token, or an exec credential plugin that prints one. */
  token?: string;
  exec?: { command: string; args?: string[] };
  skipTLSVerify?: boolean;
  /** PEM of the CA the client should trust. */
  caPem?: string;
}

/** Writes a kubeconfig (one cluster, user and context) into `dir` and returns its path. */
export async function writeKubeconfig(dir: string, options: KubeconfigOptions): Promise<string> {
  const context = options.context ?? "loopback";
  const user: Record<string, unknown> = {};
  if (options.token) user.token = options.token;
  if (options.exec) user.exec = { apiVersion: "client.authentication.k8s.io/v1", command: options.exec.command, args: options.exec.args ?? [], interactiveMode: "Never" };
  const cluster: Record<string, unknown> = { server: options.server };
  if (options.skipTLSVerify) cluster["insecure-skip-tls-verify"] = true;
  if (options.caPem) cluster["certificate-authority-data"] = Buffer.from(options.caPem).toString("base64");
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: `${context}-cluster`, cluster }],
    users: [{ name: `${context}-user`, user }],
    contexts: [{ name: context, context: { cluster: `${context}-cluster`, user: `${context}-user` } }],
    "current-context": context,
  };
  const file = path.join(dir, `kubeconfig-${context}.yaml`);
  await writeFile(file, stringify(config));
  return file;
}
