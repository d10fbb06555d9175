import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGit } from "../../scripts/pr/git-cli";
import { LoopbackGitHub } from "../loopback/github/server";

/** The commands as a user runs them, on a copy of this repository's environments. */
const REPO = resolve(__dirname, "../..");
const BUN = join(REPO, "node_modules/.bin/bun");
let root: string;

async function command(script: string, args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|GH_TOKEN|NO_COLOR$|FORCE_COLOR$)/.test(k)));
  const proc = Bun.spawn([BUN, join(REPO, "scripts", script), "--root", root, ...args], { env: { ...clean, ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

const git = (...args: string[]) => runGit(args, { cwd: root, env: { GIT_AUTHOR_NAME: "Dev", GIT_AUTHOR_EMAIL: "dev@acme.example", GIT_COMMITTER_NAME: "Dev", GIT_COMMITTER_EMAIL: "dev@acme.example" } });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "pr-cli-"));
  // The platform repository's inputs: environments and, where present, policy files (not code).
  for (const dir of ["environments", "policies"]) {
    if (existsSync(join(REPO, dir))) cpSync(join(REPO, dir), join(root, dir), { recursive: true, filter: (src) => !src.endsWith(".ts") });
  }
  expect((await command("synth.ts", [])).code).toBe(0);
  await git("init", "--quiet", "--initial-branch=main");
  await git("add", "-A");
  await git("commit", "--quiet", "-m", "Platform as deployed");
  // The change under review: fewer minimum replicas for production's llm-chat.
  const file = join(root, "environments", "production.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("autoscaling: { minReplicas: 4, maxReplicas: 12 }", "autoscaling: { minReplicas: 2, maxReplicas: 12 }"));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("diff and pr commands", () => {
  it("diff reports no difference for a freshly committed synth", async () => {
    const out = await command("diff.ts", ["--exit-code"]);
    expect(out.stdout).toBe("generated/ matches HEAD (dev, production, staging)\n");
    expect(out.code).toBe(0);
  });

  it("pr --dry-run needs no token and prints the PR and the files it would change", async () => {
    // --allow-violations: this test is about the change, whatever the policies say of the sample environments.
    const out = await command("pr.ts", ["--env", "production", "--dry-run", "--base-ref", "HEAD", "--allow-violations"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("production: dry run: would write gitops-forge/production (0 added, 1 changed, 0 removed):\n  changed  generated/production/ml-llm/llm-chat/horizontalpodautoscaler.yaml\n");
    expect(out.stdout).toContain("Title: gitops-forge: production (+0 ~1 -0) [high risk]");
    expect(out.stdout).toContain("| HorizontalPodAutoscaler ml-llm/llm-chat | minReplicas | 4 | 2 |");
  }, 30_000);

  it("diff prints a unified diff of the changed manifests, coloured only when asked or on a terminal", async () => {
    expect((await command("synth.ts", ["--env", "production"])).code).toBe(0);
    const path = "generated/production/ml-llm/llm-chat/horizontalpodautoscaler.yaml";
    const plain = await command("diff.ts", ["--env", "production", "--exit-code"]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`diff -u -N a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ `);
    expect(plain.stdout).toContain("\n-  minReplicas: 4\n+  minReplicas: 2\n");
    expect(plain.stdout).not.toContain("\x1b[");
    expect(plain.stdout).toContain("\nproduction: 0 added, 1 changed, 0 removed; risk high\nproduction: risk: HorizontalPodAutoscaler ml-llm/llm-chat: minimum replicas drop from 4 to 2 in production\n");
    const colored = await command("diff.ts", ["--env", "production"], { FORCE_COLOR: "1" });
    expect(colored.stdout).toContain("\x1b[31m-  minReplicas: 4\x1b[0m\n\x1b[32m+  minReplicas: 2\x1b[0m");
    expect(colored.stdout).toMatch(/\x1b\[36m@@ -\d+,\d+ \+\d+,\d+ @@\x1b\[0m/);
    expect((await command("diff.ts", ["--env", "production", "--color", "never"], { FORCE_COLOR: "1" })).stdout).not.toContain("\x1b[");
    expect((await command("diff.ts", ["--env", "production", "--color", "always"])).stdout).toContain("\x1b[31m-  minReplicas: 4\x1b[0m");
    const wrong = await command("diff.ts", ["--format", "html"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--format must be one of diff, markdown, not "html"');
    const patch = await command("diff.ts", ["--patch"]);
    expect(patch.code).toBe(2);
    expect(patch.stderr).toContain("--patch only goes with --format markdown");
  }, 30_000);

  it("diff --format markdown prints the same summary pr would propose", async () => {
    const out = await command("diff.ts", ["--env", "production", "--exit-code", "--format", "markdown"]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("| production | HorizontalPodAutoscaler ml-llm/llm-chat | minimum replicas drop from 4 to 2 in production |");
    expect(out.stdout).toContain("| GPUs | 7 → 5 (-2) |");
    expect(out.stdout).not.toContain("```diff");
    expect(out.stdout).toContain("```mermaid\nflowchart LR\n");
    expect((await command("diff.ts", ["--env", "production", "--format", "markdown", "--patch"])).stdout).toContain("-  minReplicas: 4\n+  minReplicas: 2");
  }, 30_000);

  it("pr refuses without a token, and refuses an unknown environment, with exit 2", async () => {
    const noToken = await command("pr.ts", ["--env", "production"]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("error: no GitHub token: set GITHUB_TOKEN or GH_TOKEN");
    const unknown = await command("pr.ts", ["--env", "qa", "--dry-run"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: unknown environment "qa"');
  }, 30_000);

  describe("against the loopback GitHub (GITHUB_API_URL)", () => {
    let gh: LoopbackGitHub;
    beforeAll(async () => {
      gh = await LoopbackGitHub.start({ dir: join(root, "..", `${root.split("/").pop()}-gitops.git`), collaborators: ["ml-platform-oncall"] });
      const deployed = new Map<string, string>();
      const { text } = await git("ls-tree", "-r", "--name-only", "HEAD", "generated");
      for (const path of text.trim().split("\n")) deployed.set(path, (await git("show", `HEAD:${path}`)).text);
      await gh.store.commitFiles("main", deployed, "Deployed");
    }, 30_000);
    afterAll(async () => {
      await gh.stop();
      rmSync(gh.store.dir, { recursive: true, force: true });
    });

    it("opens the PR with the token from GITHUB_TOKEN and never prints it", async () => {
      const out = await command("pr.ts", ["--env", "production", "--allow-violations"], { GITHUB_TOKEN: "test-token", GITHUB_API_URL: gh.url });
      expect(out.stderr).not.toContain("test-token");
      expect(out.stderr).not.toContain("error:");
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^production: opened #1: https:\/\/github\.example\/acme\/ml-gitops\/pull\/1 \(0 added, 1 changed, 0 removed\)\n$/);
      const branch = await gh.store.readFiles("refs/heads/gitops-forge/production");
      expect(branch.get("generated/production/ml-llm/llm-chat/horizontalpodautoscaler.yaml")).toContain("minReplicas: 2");
      expect(gh.pulls[0]).toMatchObject({ labels: ["gitops-forge", "production", "env/production", "risk/high"], reviewers: ["ml-platform-oncall"] });
      expect(gh.violations).toEqual([]);
    }, 60_000);

    it("redacts a rejected token from the error and exits 2", async () => {
      const token = "ghp_RejectedTokenValue1234567890";
      gh.inject({ operationId: "git/get-ref", status: 401, body: { message: `Bad credentials for ${token}` } });
      const out = await command("pr.ts", ["--env", "production", "--allow-violations"], { GH_TOKEN: token, GITHUB_API_URL: gh.url });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain("error: GitHub rejected the token (401 Bad credentials for ***)");
      expect(out.stderr + out.stdout).not.toContain(token);
    }, 30_000);
  });
});
