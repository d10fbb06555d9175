import { execFileSync } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../environments/source/errors";
import { runClusterCommand } from "../../scripts/cluster/command";
import { LoopbackCluster } from "../loopback/kube/cluster";
import { REPO_ROOT } from "../loopback/kube/fixtures";
import { writeKubeconfig } from "../loopback/kube/kubeconfig";
import { startKubeApiServer } from "../loopback/kube/server";
import { ENV, platformFiles, seedHealthyCluster, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => {
  expect(h.cluster.mutatingRequestsWithoutDryRun()).toEqual([]);
  await h.close();
});

async function failure(run: Promise<unknown>): Promise<UserError> {
  const err = await run.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).exitCode).toBe(2);
  return err as UserError;
}

async function healthy(): Promise<Harness> {
  const harness = await startHarness(platformFiles());
  seedHealthyCluster(harness.cluster);
  return harness;
}

describe("pointing at a cluster", () => {
  it("names an unknown context and the contexts the kubeconfig has", async () => {
    h = await healthy();
    const err = await failure(runClusterCommand(["check", "--env", ENV, "--context", "prod-eu", "--kubeconfig", h.kubeconfig], { root: h.root, env: {} }));
    expect(err.message).toBe(`context "prod-eu" is not in the kubeconfig (${h.kubeconfig}); known contexts: loopback`);
    expect(h.cluster.log).toEqual([]);
  });

  it("reads KUBECONFIG when no --kubeconfig is given", async () => {
    h = await healthy();
    const result = await runClusterCommand(["check", "--env", ENV, "--context", "loopback"], { root: h.root, env: { KUBECONFIG: h.kubeconfig } });
    expect(result.exitCode).toBe(0);
  });

  it("takes the context from the environment's cluster.context, inherited through extends", async () => {
    h = await healthy();
    await cp(path.join(REPO_ROOT, "environments"), path.join(h.root, "environments"), { recursive: true, filter: (f) => !f.endsWith(".ts") });
    await cp(path.join(h.root, "generated", ENV), path.join(h.root, "generated", "staging"), { recursive: true });
    const config = await writeKubeconfig(h.root, { server: h.server.url, token: "loopback-token", skipTLSVerify: true, context: "ml-staging" });
    const result = await runClusterCommand(["check", "--env", "staging", "--kubeconfig", config], { root: h.root, env: {} });
    expect(result.output).toContain("context ml-staging");
  });

  it("gets a token from an exec credential plugin, as kubectl does", async () => {
    h = await healthy();
    const plugin = path.join(h.root, "credential-plugin.sh");
    await writeFile(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"loopback-token"}}'\n`);
    await chmod(plugin, 0o755);
    const config = await writeKubeconfig(h.root, { server: h.server.url, skipTLSVerify: true, context: "exec", exec: { command: plugin } });
    const result = await runClusterCommand(["check", "--env", ENV, "--context", "exec", "--kubeconfig", config], { root: h.root, env: {} });
    expect(result.exitCode).toBe(0);
  });

  it("reports a credential plugin that fails", async () => {
    h = await healthy();
    const config = await writeKubeconfig(h.root, { server: h.server.url, skipTLSVerify: true, context: "exec", exec: { command: "/bin/false" } });
    const err = await failure(runClusterCommand(["check", "--env", ENV, "--context", "exec", "--kubeconfig", config], { root: h.root, env: {} }));
    expect(err.message).toBe('context "exec": cannot obtain credentials or connection settings while trying to read API discovery /apis: the credential plugin failed without saying why');
  });
});

describe("faults end the command with one sentence naming the context and the operation", () => {
  it("an unreachable API server", async () => {
    h = await healthy();
    const config = await writeKubeconfig(h.root, { server: "http://127.0.0.1:9", token: "loopback-token", skipTLSVerify: true, context: "down" });
    const err = await failure(runClusterCommand(["check", "--env", ENV, "--context", "down", "--kubeconfig", config], { root: h.root, env: {} }));
    expect(err.message).toBe('context "down": cannot reach the API server at http://127.0.0.1:9 while trying to read API discovery /apis (ECONNREFUSED, 4 attempts)');
  });

  it("expired credentials (401)", async () => {
    h = await startHarness(platformFiles(), { token: "expired-token" });
    seedHealthyCluster(h.cluster);
    const err = await failure(h.run("check"));
    expect(err.message).toBe('context "loopback": the API server rejected the credentials (401 Unauthorized) while trying to read API discovery /apis; they may have expired: log in again or refresh the token');
    expect(h.cluster.log).toHaveLength(1); // never retried
  });

  it("an RBAC denial on a read (403)", async () => {
    h = await healthy();
    h.cluster.denials.push({ verb: "list", resource: "nodes" });
    const err = await failure(h.run("check"));
    expect(err.message).toBe(
      'context "loopback": not allowed to list nodes (403 Forbidden: nodes is forbidden: User "system:serviceaccount:ci:gitops-forge" cannot list resource "nodes" in API group "" at the cluster scope); grant the RBAC permission or use another context',
    );
  });

  it("an RBAC denial on the dry-run (403), unlike an admission denial, stops the check", async () => {
    h = await healthy();
    h.cluster.denials.push({ verb: "patch", resource: "deployments", namespace: "chat" });
    const err = await failure(h.run("check", "--concurrency", "1"));
    expect(err.message).toContain('context "loopback": not allowed to dry-run apply Deployment/chat/llm-chat (403 Forbidden: deployments.apps "llm-chat" is forbidden: User');
  });

  it("a timeout, after retrying the read", async () => {
    h = await healthy();
    h.cluster.faults.push({ kind: "hang", path: /^\/api\/v1\/nodes$/ });
    const err = await failure(h.run("check", "--request-timeout", "0.2"));
    expect(err.message).toBe(`context "loopback": the API server at ${h.server.url} did not answer within 0.2s while trying to list nodes (4 attempts); check the network or raise --request-timeout`);
    expect(h.cluster.log.filter((r) => r.path === "/api/v1/nodes")).toHaveLength(4);
  });

  it("429 that never lets up on a dry-run is a fault, not a finding about the object", async () => {
    h = await healthy();
    h.cluster.faults.push({ kind: "throttle", method: "PATCH", retryAfterSeconds: 0 });
    const err = await failure(h.run("check", "--concurrency", "1"));
    expect(err.message).toBe('context "loopback": the API server kept throttling requests (429 Too Many Requests, API priority and fairness) while trying to dry-run apply LimitRange/chat/defaults after 4 attempts; retry later or lower --concurrency');
  });

  it("429 from API priority and fairness that never lets up", async () => {
    h = await healthy();
    h.cluster.faults.push({ kind: "throttle", path: /^\/apis$/, retryAfterSeconds: 0 });
    const err = await failure(h.run("check"));
    expect(err.message).toBe('context "loopback": the API server kept throttling requests (429 Too Many Requests, API priority and fairness) while trying to read API discovery /apis after 4 attempts; retry later or lower --concurrency');
  });
});

describe("retries where they are safe", () => {
  it("waits out a 429 (Retry-After) on reads and dry-runs, then succeeds", async () => {
    h = await healthy();
    h.cluster.faults.push({ kind: "throttle", path: /^\/apis$/, retryAfterSeconds: 0, times: 2 });
    h.cluster.faults.push({ kind: "throttle", method: "PATCH", path: /deployments\/llm-chat$/, retryAfterSeconds: 0, times: 1 });
    const result = await h.run("check");
    expect(result.exitCode).toBe(0);
    expect(h.cluster.log.filter((r) => r.path === "/apis").map((r) => r.status)).toEqual([429, 429, 200]);
    const patches = h.cluster.log.filter((r) => r.path.endsWith("/deployments/llm-chat"));
    expect(patches.map((r) => [r.status, r.query.dryRun])).toEqual([
      [429, "All"],
      [201, "All"],
    ]);
  });

  it("retries a dropped connection and a 503", async () => {
    h = await healthy();
    h.cluster.faults.push({ kind: "drop", path: /^\/api\/v1\/namespaces$/, times: 1 });
    h.cluster.faults.push({ kind: "unavailable", path: /^\/api\/v1\/nodes$/, times: 1 });
    const result = await h.run("check");
    expect(result.exitCode).toBe(0);
    expect(h.cluster.log.filter((r) => r.path === "/api/v1/namespaces")).toHaveLength(2);
    expect(h.cluster.log.filter((r) => r.path === "/api/v1/nodes").map((r) => r.status)).toEqual([503, 200]);
  });
});

describe("TLS", () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gitops-forge-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    cert = await readFile(path.join(dir, "cert.pem"), "utf8");
    key = await readFile(path.join(dir, "key.pem"), "utf8");
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function tlsHarness(caPem?: string) {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    const cluster = new LoopbackCluster();
    seedHealthyCluster(cluster);
    const server = startKubeApiServer(cluster, { tls: { cert, key } });
    const config = await writeKubeconfig(h.root, { server: server.url, token: "loopback-token", context: "tls", caPem });
    const run = runClusterCommand(["check", "--env", ENV, "--context", "tls", "--kubeconfig", config], { root: h.root, env: {} });
    return { run, server, cluster };
  }

  it("refuses a server whose certificate the kubeconfig does not trust", async () => {
    const { run, server } = await tlsHarness();
    const err = await failure(run);
    await server.stop();
    expect(err.message).toBe(`context "tls": TLS verification of the API server at ${server.url} failed while trying to read API discovery /apis (self signed certificate); check certificate-authority-data and the server name in the kubeconfig`);
  });

  it("uses the pod's service account when there is no kubeconfig (in-cluster config)", async () => {
    h = await startHarness(platformFiles());
    const cluster = new LoopbackCluster();
    seedHealthyCluster(cluster);
    const server = startKubeApiServer(cluster, { tls: { cert, key } });
    const mount = path.join(h.root, "pod", "var/run/secrets/kubernetes.io/serviceaccount");
    await mkdir(mount, { recursive: true });
    await writeFile(path.join(mount, "token"), "loopback-token");
    await writeFile(path.join(mount, "ca.crt"), cert);
    const port = new URL(server.url).port;
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    // The client reads the service address from the process environment, as in a pod.
    process.env.KUBERNETES_SERVICE_HOST = "127.0.0.1";
    process.env.KUBERNETES_SERVICE_PORT = port;
    try {
      const env = { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: port };
      const result = await runClusterCommand(["check", "--env", ENV, "--context", "in-cluster"], { root: h.root, env, serviceAccountRoot: path.join(h.root, "pod") });
      expect(result.exitCode).toBe(0);
      expect(cluster.log.length).toBeGreaterThan(10);
    } finally {
      process.env.KUBERNETES_SERVICE_HOST = saved.host;
      process.env.KUBERNETES_SERVICE_PORT = saved.port;
      if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
      await server.stop();
    }
  });

  it("trusts the kubeconfig's certificate-authority-data", async () => {
    const { run, server, cluster } = await tlsHarness(cert);
    const result = await run;
    await server.stop();
    expect(result.exitCode).toBe(0);
    expect(cluster.log.length).toBeGreaterThan(10);
  });
});

describe("the command line", () => {
  it("prints the report on stdout and exits 1 when the check finds errors, 0 when it does not", async () => {
    h = await healthy();
    // Asynchronous: the loopback server answers from this process while the command runs.
    const cli = async (...flags: string[]) => {
      const proc = Bun.spawn([path.join(REPO_ROOT, "node_modules/.bin/bun"), path.join(REPO_ROOT, "scripts/cluster.ts"), "check", "--env", ENV, "--context", "loopback", "--kubeconfig", h.kubeconfig, ...flags], { cwd: h.root, stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      return { stdout, stderr, exitCode };
    };
    const passing = await cli("--format", "markdown");
    expect([passing.exitCode, passing.stderr]).toEqual([0, ""]);
    expect(passing.stdout).toContain("✅ **cluster check passed**: 0 errors, 0 warnings, 0 info in 18 objects");
    h.cluster.remove("v1", "Node", undefined, "gpu-a100-1");
    h.cluster.remove("v1", "Node", undefined, "gpu-a100-2");
    const failing = await cli();
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain("FAIL 1 error, 0 warnings, 0 info in 18 objects\n");
  });

  it("prints one error line and exits 2, never a stack trace", async () => {
    h = await healthy();
    const proc = Bun.spawnSync([path.join(REPO_ROOT, "node_modules/.bin/bun"), path.join(REPO_ROOT, "scripts/cluster.ts"), "check", "--env", ENV, "--context", "nope", "--kubeconfig", h.kubeconfig], { cwd: h.root });
    expect(proc.exitCode).toBe(2);
    expect(proc.stderr.toString()).toBe(`error: context "nope" is not in the kubeconfig (${h.kubeconfig}); known contexts: loopback\n`);
    expect(proc.stdout.toString()).toBe("");
  });

  it("names file, line and field of a generated object it cannot read", async () => {
    h = await healthy();
    await writeFile(path.join(h.root, "generated", ENV, "chat", "llm-chat", "configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 42\n");
    const err = await failure(h.run("check"));
    expect(err.message).toBe(`generated/${ENV}/chat/llm-chat/configmap.yaml:4:3 metadata.name: metadata.name must be a non-empty string`);
    expect(h.cluster.log).toEqual([]);
  });

  it("says when the environment has no generated manifests, or the kubeconfig is missing", async () => {
    h = await healthy();
    const noEnv = await failure(runClusterCommand(["diff", "--env", "qa", "--context", "loopback", "--kubeconfig", h.kubeconfig], { root: h.root, env: {} }));
    expect(noEnv.message).toBe('no generated manifests for environment "qa": generated/qa/ does not exist (run synth first)');
    const missing = path.join(h.root, "nowhere.yaml");
    const noConfig = await failure(runClusterCommand(["diff", "--env", ENV, "--context", "loopback"], { root: h.root, env: { KUBECONFIG: missing } }));
    expect(noConfig.message).toBe(`context "loopback": kubeconfig ${missing} does not exist`);
  });

  it("rejects bad flags with exit 2", async () => {
    h = await healthy();
    expect((await failure(runClusterCommand(["apply", "--env", ENV], { root: h.root, env: {} }))).message).toMatch(/^cluster: expected "check" or "diff"/);
    for (const flags of [["--format", "yaml"], ["--concurrency", "0"], ["--request-timeout", "soon"]]) {
      const err = await failure(h.run("check", ...flags));
      expect(err.message).toMatch(/^cluster check: --(format|concurrency|request-timeout) must be/);
    }
  });
});
