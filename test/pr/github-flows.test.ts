import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, SEED, type Harness } from "./harness";
import { runPr } from "../../scripts/pr/run";
import { delivery, folder, merge, provenance, serviceFiles, underGenerated } from "./fixtures";
import { join, resolve } from "node:path";
import { readTree } from "../../scripts/lib/output/tree";

/** This repository's committed output for production: a realistic first PR. */
const REPO = resolve(__dirname, "../..");
const committed = (folderName: string) => new Map(readTree(join(REPO, "generated", folderName)));

const BRANCH = "gitops-forge/production";
const v1 = merge(serviceFiles("search", { image: "ghcr.io/acme/search:1.0.0" }), serviceFiles("ranker"));
const v2 = merge(serviceFiles("search", { image: "ghcr.io/acme/search:1.1.0" }), serviceFiles("ranker"));

describe("pr against the loopback GitHub", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    // Every request the flows made must be one GitHub's OpenAPI description accepts.
    expect(h.gh.violations).toEqual([]);
    await h.stop();
  });

  it("opens one PR whose branch holds exactly the base plus the generated files", async () => {
    const [result] = await h.run(v1);
    expect(result).toMatchObject({ outcome: "created", number: 1, branch: BRANCH });
    expect(await h.files(BRANCH)).toEqual(merge(SEED, underGenerated("production", v1)));
    expect(await h.files("main")).toEqual(SEED);
    const pr = h.gh.pulls[0]!;
    expect(pr).toMatchObject({ state: "open", head: BRANCH, base: "main", reviewers: ["alice"], assignees: ["bob"] });
    expect(pr.labels).toEqual(["gitops-forge", "env/production", "risk/low"]);
    expect(pr.title).toBe("gitops-forge: production (+8 ~0 -0)");
    expect(pr.body).toContain("| added | Deployment | ml-serving | search |");
    const head = await h.gh.store.readCommit((await h.gh.store.resolveRef(`refs/heads/${BRANCH}`))!);
    expect(head!.parents).toEqual([await h.gh.store.resolveRef("refs/heads/main")]);
    expect(head!.message).toContain(`Source-Commit: ${"a".repeat(40)}`);
    expect(head!.message).toContain("Source-Repository: https://github.com/acme/ml-platform");
    expect(head!.message).toContain("Source-Author: Dev <dev@acme.example>");
    expect(head!.message).toContain("Generated-By: gitops-forge pr --env production");
  });

  it("updates the open PR for a new change instead of opening a second one", async () => {
    await h.run(v1);
    const [result] = await h.run(v2, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(result).toMatchObject({ outcome: "updated", number: 1 });
    expect(h.gh.pulls).toHaveLength(1);
    expect(await h.files(BRANCH)).toEqual(merge(SEED, underGenerated("production", v2)));
    expect(h.gh.pulls[0]!.body).toContain("ghcr.io/acme/search:1.1.0");
  });

  it("keeps labels people added and recomputes its own risk label on update", async () => {
    await h.run(v1);
    h.gh.pulls[0]!.labels.push("needs-sre");
    await h.run(merge(serviceFiles("search", { image: "ghcr.io/acme/search:1.0.0" })), { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(h.gh.pulls[0]!.labels.sort()).toEqual(["env/production", "gitops-forge", "needs-sre", "risk/low"]);
  });

  it("does nothing when the base already holds the generated files", async () => {
    await h.run(v1);
    await h.gh.mergePull(1);
    h.gh.resetCounters();
    const commitsBefore = await h.gh.store.resolveRef("refs/heads/main");
    const [result] = await h.run(v1);
    expect(result!.outcome).toBe("up-to-date");
    expect(h.output.at(-1)).toContain("up to date");
    expect(h.gh.apiCalls().filter((c) => c.method !== "GET")).toEqual([]);
    expect(h.gh.apiCalls().length).toBeLessThanOrEqual(4);
    expect(await h.gh.store.resolveRef("refs/heads/main")).toBe(commitsBefore);
    expect(h.gh.pulls).toHaveLength(1);
  });

  it("closes its open PR when the base already holds the same content", async () => {
    await h.run(v1);
    await h.gh.store.commitFiles("main", merge(SEED, underGenerated("production", v1)), "Applied by hand");
    const [result] = await h.run(v1);
    expect(result).toMatchObject({ outcome: "closed-stale", number: 1 });
    expect(h.gh.pulls[0]!.state).toBe("closed");
  });

  it("an older run whose content the base holds leaves a newer PR open", async () => {
    await h.gh.store.commitFiles("main", merge(SEED, underGenerated("production", v1)), "Deployed");
    await h.run(v2, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    const [result] = await h.run(v1, { provenance: provenance("a".repeat(40), "2026-11-20T10:00:00.000Z") });
    expect(result!.outcome).toBe("up-to-date");
    expect(h.gh.pulls[0]!.state).toBe("open");
  });

  it("replaces a closed, unmerged PR with a new one on the same branch", async () => {
    await h.run(v1);
    h.gh.closePull(1);
    const [result] = await h.run(v2, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(result).toMatchObject({ outcome: "created", number: 2 });
    expect(h.gh.pulls.map((p) => p.state)).toEqual(["closed", "open"]);
    expect(await h.files(BRANCH)).toEqual(merge(SEED, underGenerated("production", v2)));
  });

  it("replaces a closed PR whose branch was deleted", async () => {
    await h.run(v1);
    h.gh.closePull(1);
    await h.gh.store.deleteRef(`refs/heads/${BRANCH}`, (await h.gh.store.resolveRef(`refs/heads/${BRANCH}`))!);
    const [result] = await h.run(v2, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(result).toMatchObject({ outcome: "created", number: 2 });
    expect(await h.files(BRANCH)).toEqual(merge(SEED, underGenerated("production", v2)));
  });

  it("starts fresh from the new base after a merge", async () => {
    await h.run(v1);
    await h.gh.mergePull(1);
    const [result] = await h.run(v2, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(result).toMatchObject({ outcome: "created", number: 2, paths: { added: [], changed: ["production/ml-serving/search/deployment.yaml"], removed: [] } });
    const head = await h.gh.store.readCommit((await h.gh.store.resolveRef(`refs/heads/${BRANCH}`))!);
    expect(head!.parents).toEqual([await h.gh.store.resolveRef("refs/heads/main")]);
    expect(await h.files(BRANCH)).toEqual(merge(SEED, underGenerated("production", v2)));
  });

  it("removes files the synth no longer produces (what Argo CD prunes) and only in its own environment", async () => {
    await h.run(v1);
    await h.gh.mergePull(1, true);
    const [result] = await h.run(serviceFiles("search", { image: "ghcr.io/acme/search:1.0.0" }), { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(result!.paths!.removed).toEqual([
      "production/ml-serving/ranker/deployment.yaml",
      "production/ml-serving/ranker/horizontalpodautoscaler.yaml",
      "production/ml-serving/ranker/networkpolicy.yaml",
      "production/ml-serving/ranker/poddisruptionbudget.yaml",
    ]);
    const files = await h.files(BRANCH);
    expect(files).toEqual(merge(SEED, underGenerated("production", serviceFiles("search", { image: "ghcr.io/acme/search:1.0.0" }))));
    expect(files.get("generated/staging/ml-serving/search/deployment.yaml")).toBe(SEED.get("generated/staging/ml-serving/search/deployment.yaml"));
    const body = h.gh.pulls[1]!.body;
    expect(body).toContain("| removed | Deployment | ml-serving | ranker |");
    // The tree id computed for a change that deletes a whole folder matches the one git built.
    h.gh.resetCounters();
    const [again] = await h.run(serviceFiles("search", { image: "ghcr.io/acme/search:1.0.0" }), { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(again!.outcome).toBe("pull-up-to-date");
    expect(h.gh.apiCalls().filter((c) => c.method !== "GET")).toEqual([]);
    expect(body).toContain("Removed resources are pruned by Argo CD");
  });

  it("also owns generated/argocd/<env>/, pruning there but never in another environment's folder", async () => {
    const app = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\n`;
    await h.gh.store.commitFiles("main", merge(SEED, new Map([
      ["generated/argocd/production/application.yaml", app("production")],
      ["generated/argocd/production/applicationset.yaml", app("production-old")],
      ["generated/argocd/staging/application.yaml", app("staging")],
    ])), "Argo CD apps");
    const [result] = await h.run(v1, { alsoFolders: [folder("argocd/production", new Map([["application.yaml", app("production")]]))] });
    expect(result!.paths!.removed).toEqual(["argocd/production/applicationset.yaml"]);
    const files = await h.files(BRANCH);
    expect(files.get("generated/argocd/staging/application.yaml")).toBe(app("staging"));
    expect(files.has("generated/argocd/production/applicationset.yaml")).toBe(false);
    expect(h.gh.pulls[0]!.body).toContain("| removed | Application | argocd | production-old | argocd/production/applicationset.yaml |");
  });

  it("reads old versions of files with long paths (pax headers in the archive) for the summary", async () => {
    const long = (image: string) => new Map([[`ml-serving/${"a-very-long-service-name-".repeat(4)}x/deployment.yaml`, serviceFiles("search", { image }).get("ml-serving/search/deployment.yaml")!]]);
    await h.gh.store.commitFiles("main", merge(SEED, underGenerated("production", long("ghcr.io/acme/search:1.0.0"))), "Deployed");
    await h.run(long("ghcr.io/acme/search:1.1.0"));
    expect(h.gh.pulls[0]!.body).toContain("| server image | ghcr.io/acme/search:1.0.0 | ghcr.io/acme/search:1.1.0 |");
  });

  it("opens the PR anyway and warns when GitHub refuses a reviewer", async () => {
    const [result] = await h.run(v1, { deliveryOverrides: { reviewers: ["alice", "mallory"] } });
    expect(result!.outcome).toBe("created");
    // GitHub refuses the whole request for one unknown reviewer: the known one is still asked.
    expect(h.gh.pulls[0]!.reviewers).toEqual(["alice"]);
    expect(h.output.join("")).toContain("production: warning: reviewer mallory is not a collaborator of acme/ml-gitops; not requested");
  });

  it("puts environments that share a branch into one PR with a table each", async () => {
    const shared = { branch: "gitops-forge/pre-production" };
    const results = await runPr(
      { deliveries: [delivery("dev", shared), delivery("staging", shared)], folders: [folder("dev", v1), folder("staging", v2)] },
      { root: "/", dryRun: false, allowViolations: false, transport: "github", provenance: provenance("a".repeat(40)), token: "test-token", apiUrl: h.gh.url, client: { writeSpacingMs: 0 }, print: () => {} },
    );
    expect(results.map((r) => r.environments)).toEqual([["dev", "staging"]]);
    expect(h.gh.pulls).toHaveLength(1);
    const pr = h.gh.pulls[0]!;
    expect(pr.labels).toEqual(["gitops-forge", "env/dev", "env/staging", "risk/low"]);
    expect(pr.body).toContain("### `dev`: 8 added, 0 changed, 0 removed");
    expect(pr.body).toContain("### `staging`: 7 added, 1 changed, 0 removed");
    expect(await h.files("gitops-forge/pre-production")).toEqual(merge(new Map([["README.md", SEED.get("README.md")!]]), underGenerated("dev", v1), underGenerated("staging", v2)));
  });

  it("names the environment on every line it prints and in every PR when a run covers several", async () => {
    const output: string[] = [];
    const run = (reviewers: string[]) =>
      runPr(
        { deliveries: [delivery("production", { reviewers }), delivery("staging", { reviewers })], folders: [folder("production", v1), folder("staging", v2)] },
        { root: "/", dryRun: false, allowViolations: false, transport: "github", provenance: provenance("a".repeat(40)), token: "test-token", apiUrl: h.gh.url, client: { writeSpacingMs: 0 }, print: (t) => output.push(t) },
      );
    await run(["alice", "mallory"]);
    await run(["alice", "mallory"]);
    const lines = output.join("").trimEnd().split("\n");
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line).toMatch(/^(production|staging): /);
    expect(lines.filter((l) => l.includes("up to date: #"))).toEqual([
      "production: up to date: #1 already holds this change (https://github.example/acme/ml-gitops/pull/1)",
      "staging: up to date: #2 already holds this change (https://github.example/acme/ml-gitops/pull/2)",
    ]);
    expect(h.gh.pulls.map((p) => p.title)).toEqual(["gitops-forge: production (+8 ~0 -0)", "gitops-forge: staging (+7 ~1 -0)"]);
  });

  it("writes under the configured path prefix and opens a draft with per-change branches", async () => {
    const opts = { deliveryOverrides: { pathPrefix: "clusters/eu/", branch: "gitops-forge/production-{changeset}", draft: true } };
    const [first] = await h.run(v1, opts);
    expect(first!.branch).toMatch(/^gitops-forge\/production-[0-9a-f]{10}$/);
    expect(await h.files(first!.branch!)).toEqual(merge(SEED, underGenerated("production", v1, "clusters/eu/generated/")));
    expect(h.gh.pulls[0]!.draft).toBe(true);
    const [second] = await h.run(v2, { ...opts, provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(second!.branch).not.toBe(first!.branch);
    expect(h.gh.pulls).toHaveLength(2);
  });

  it("makes no write at all when the open PR already holds the change, even from a newer source commit", async () => {
    await h.run(v1);
    const head = await h.gh.store.resolveRef(`refs/heads/${BRANCH}`);
    const body = h.gh.pulls[0]!.body;
    h.gh.resetCounters();
    // A docs-only commit in the source repository: same generated content, newer provenance.
    const [again] = await h.run(v1, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(again).toMatchObject({ outcome: "pull-up-to-date", number: 1 });
    expect(h.gh.apiCalls().filter((c) => c.method !== "GET")).toEqual([]);
    expect(h.gh.apiCalls().map((c) => c.operationId)).toEqual(["git/get-ref", "git/get-tree", "pulls/list", "git/get-ref", "git/get-commit"]);
    expect(h.output.at(-1)).toBe("production: up to date: #1 already holds this change (https://github.example/acme/ml-gitops/pull/1)\n");
    expect(await h.gh.store.resolveRef(`refs/heads/${BRANCH}`)).toBe(head);
    // The provenance belongs to the content: still the commit that produced it.
    expect(h.gh.pulls[0]!.body).toBe(body);
    expect(body).toContain(`source-commit=${"a".repeat(40)}`);
  });

  it("rewrites only the body when the content is the same but its description changed", async () => {
    await h.run(v1);
    h.gh.pulls[0]!.body = "edited by hand";
    h.gh.resetCounters();
    const [again] = await h.run(v1, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(again!.outcome).toBe("updated");
    expect(h.gh.apiCalls().filter((c) => c.method !== "GET").map((c) => c.operationId)).toEqual(["issues/update"]);
    expect(h.gh.pulls[0]!.body).toContain(`source-commit=${"a".repeat(40)}`);
  });

  it("asks a newly configured reviewer on an unchanged PR, but never one who already reviewed", async () => {
    await h.run(v1);
    h.gh.submitReview(1, "alice");
    h.gh.resetCounters();
    await h.run(v1, { deliveryOverrides: { reviewers: ["alice", "bob"] } });
    expect(h.gh.apiCalls().filter((c) => c.method !== "GET").map((c) => c.operationId)).toEqual(["pulls/request-reviewers"]);
    expect(h.gh.pulls[0]!.reviewers).toEqual(["bob"]);
    h.gh.resetCounters();
    await h.run(v2, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z"), deliveryOverrides: { reviewers: ["alice", "bob"] } });
    expect(h.gh.apiCalls().map((c) => c.operationId)).not.toContain("pulls/request-reviewers");
    expect(h.gh.pulls[0]!.reviewers).toEqual(["bob"]);
  });

  it("spends the diff budget on workloads first and promtool tests last, with readable kinds and no HTML entities", async () => {
    const production = committed("production");
    const [result] = await h.run(production, { alsoFolders: [folder("alert-tests/production", committed("alert-tests/production")), folder("argocd/production", committed("argocd/production"))] });
    expect(result!.outcome).toBe("created");
    const body = h.gh.pulls[0]!.body;
    const shown = [...body.matchAll(/<summary>\w+ <code>([^<]+)<\/code>/g)].map((m) => m[1]!);
    const deployments = [...production.keys()].filter((p) => p.endsWith("/deployment.yaml")).map((p) => `production/${p}`);
    expect(deployments.length).toBeGreaterThan(0);
    expect(shown.slice(0, deployments.length).sort()).toEqual(deployments.sort());
    expect(body).toMatch(/Diff truncated: \d+ of \d+ file\(s\) shown/);
    const firstPromtool = shown.findIndex((p) => p.endsWith(".promtool-test.yaml"));
    if (firstPromtool >= 0) expect(shown.slice(firstPromtool).every((p) => p.endsWith(".promtool-test.yaml"))).toBe(true);
    expect(body).toContain("| added | promtool tests | ml-llm | llm-chat | alert-tests/production/ml-llm/llm-chat/prometheusrule.promtool-test.yaml |");
    expect(body).not.toMatch(/&#x[0-9A-F]+;/i);
    expect(body).toContain("Run `gitops-forge diff` locally");
  });

  it("labels a narrowed NetworkPolicy low risk and a widened one high risk", async () => {
    const open = merge(serviceFiles("search", { callers: ["chat", "ranker"] }), serviceFiles("chat"), serviceFiles("ranker"));
    const narrow = merge(serviceFiles("search", { callers: ["ranker"] }), serviceFiles("chat"), serviceFiles("ranker"));
    await h.gh.store.commitFiles("main", merge(SEED, underGenerated("production", open)), "Deployed");
    await h.run(narrow);
    expect(h.gh.pulls[0]!.labels).toContain("risk/low");
    expect(h.gh.pulls[0]!.body).toContain("| narrowed | Deployment ml-serving/search | in from | ns ml-serving, pods app.kubernetes.io/name=chat | 8080/TCP |");
    await h.gh.mergePull(1);
    await h.run(open, { provenance: provenance("b".repeat(40), "2026-11-21T10:00:00.000Z") });
    expect(h.gh.pulls[1]!.labels).toContain("risk/high");
    expect(h.gh.pulls[1]!.title).toContain("[high risk]");
  });

  it("restores a configured label someone removed, without pushing", async () => {
    await h.run(v1);
    h.gh.pulls[0]!.labels = ["gitops-forge", "risk/low", "needs-sre"];
    h.gh.resetCounters();
    await h.run(v1);
    expect(h.gh.apiCalls().filter((c) => c.method !== "GET").map((c) => c.operationId)).toEqual(["issues/update"]);
    expect(h.gh.pulls[0]!.labels.sort()).toEqual(["env/production", "gitops-forge", "needs-sre", "risk/low"]);
  });
});

describe("pr on a repository too large for one tree listing", () => {
  it("lists only generated/ when GitHub truncates the recursive listing", async () => {
    const docs = new Map(Array.from({ length: 40 }, (_, i) => [`docs/page-${i}.md`, `# Page ${i}\n`] as [string, string]));
    const h = await startHarness({ recursiveTreeLimit: 30 }, merge(docs, SEED, underGenerated("production", v1)));
    try {
      const [result] = await h.run(v2);
      expect(result!.paths).toEqual({ added: [], changed: ["production/ml-serving/search/deployment.yaml"], removed: [] });
      expect(await h.files(BRANCH)).toEqual(merge(docs, SEED, underGenerated("production", v2)));
      // The tree id computed from the partial listings matches the one GitHub built.
      h.gh.resetCounters();
      expect((await h.run(v2))[0]!.outcome).toBe("pull-up-to-date");
      expect(h.gh.apiCalls().filter((c) => c.method !== "GET")).toEqual([]);
      expect(h.gh.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe("pr --dry-run against the loopback GitHub", () => {
  let h: Harness;
  afterEach(async () => {
    expect(h.gh.violations).toEqual([]);
    await h.stop();
  });

  it("reads a public repository without a token and writes nothing", async () => {
    h = await startHarness({ private: false });
    const [result] = await h.run(v1, { token: undefined, dryRun: true });
    expect(result!.outcome).toBe("would-open");
    expect(h.gh.calls.every((c) => c.method === "GET")).toBe(true);
    expect(h.output.join("")).toContain("Title: gitops-forge: production (+8 ~0 -0)");
    expect(await h.gh.store.resolveRef(`refs/heads/${BRANCH}`)).toBeUndefined();
    expect(h.gh.pulls).toEqual([]);
  });

  it("says what to do when a private repository cannot be read without a token", async () => {
    h = await startHarness();
    const err = await h.run(v1, { token: undefined, dryRun: true }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe(
      "repository acme/ml-gitops does not exist or the token cannot see it (404 while trying to read the repository) (no token: set GITHUB_TOKEN, or use --base-ref to compare with a local ref)",
    );
  });
});
