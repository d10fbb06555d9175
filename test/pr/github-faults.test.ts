import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../environments/source/errors";
import { startHarness, SEED, type Harness } from "./harness";
import { merge, provenance, serviceFiles, underGenerated } from "./fixtures";

const BRANCH = "gitops-forge/production";
const files = merge(serviceFiles("search"), serviceFiles("ranker"));
const newer = merge(serviceFiles("search", { image: "ghcr.io/acme/search:2.0.0" }), serviceFiles("ranker"));
const OLD = provenance("a".repeat(40), "2026-11-20T10:00:00.000Z");
const NEW = provenance("b".repeat(40), "2026-11-20T11:00:00.000Z");

let h: Harness;
afterEach(async () => {
  expect(h.gh.violations).toEqual([]);
  await h.stop();
});

/** After a failed run: the base is untouched, no bot branch, no pull request. */
async function expectNothingWritten() {
  expect(await h.files("main")).toEqual(SEED);
  expect(await h.gh.store.resolveRef(`refs/heads/${BRANCH}`)).toBeUndefined();
  expect(h.gh.pulls).toEqual([]);
}

async function expectOnePullHolding(content: Map<string, string>, commit: string) {
  expect(h.gh.pulls.filter((p) => p.state === "open")).toHaveLength(1);
  expect(h.gh.pulls).toHaveLength(1);
  expect(await h.files(BRANCH)).toEqual(merge(SEED, underGenerated("production", content)));
  expect(h.gh.pulls[0]!.body).toContain(`source-commit=${commit}`);
  expect(await h.files("main")).toEqual(SEED);
}

async function failure(run: Promise<unknown>): Promise<UserError> {
  const err = await run.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).exitCode).toBe(2);
  return err as UserError;
}

describe("pr survives GitHub's failures", () => {
  it("retries 502s with backoff", async () => {
    h = await startHarness();
    h.gh.inject({ operationId: "git/create-tree", status: 502, times: 2 });
    h.gh.inject({ operationId: "pulls/list", status: 502 });
    await h.run(files);
    expect(h.gh.calls.filter((c) => c.operationId === "git/create-tree").map((c) => c.status)).toEqual([502, 502, 201]);
    await expectOnePullHolding(files, OLD.commit);
  });

  it("waits as long as a secondary rate limit's retry-after says, then goes on", async () => {
    h = await startHarness();
    h.gh.inject({
      operationId: "pulls/create",
      status: 403,
      headers: { "retry-after": "1" },
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest" },
    });
    await h.run(files);
    const [limited, retried] = h.gh.calls.filter((c) => c.operationId === "pulls/create");
    expect(limited!.status).toBe(403);
    expect(retried!.status).toBe(201);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    await expectOnePullHolding(files, OLD.commit);
  });

  it("abandons a request that gets no answer and retries it", async () => {
    h = await startHarness();
    h.gh.inject({ operationId: "git/create-commit", before: () => new Promise((resolve) => setTimeout(resolve, 1500)) });
    await h.run(files, { client: { writeSpacingMs: 0, retryBackoffMs: 5, requestTimeoutMs: 500 } });
    expect(h.gh.calls.filter((c) => c.operationId === "git/create-commit")).toHaveLength(2);
    await expectOnePullHolding(files, OLD.commit);
  });

  it("retries a connection reset before the request took effect", async () => {
    h = await startHarness();
    h.gh.inject({ operationId: "git/create-commit", reset: "before" });
    await h.run(files);
    await expectOnePullHolding(files, OLD.commit);
  });

  it("opens no duplicate PR when a reset hides that the PR was created", async () => {
    h = await startHarness();
    h.gh.inject({ operationId: "pulls/create", reset: "after" });
    h.gh.inject({ operationId: "git/create-ref", reset: "after" });
    await h.run(files);
    await expectOnePullHolding(files, OLD.commit);
    expect(h.gh.pulls[0]).toMatchObject({ labels: ["gitops-forge", "env/production", "risk/low"] });
  });

  it("ends with reviewers, assignees, labels and draft set when the answer to creating the PR is lost", async () => {
    h = await startHarness();
    h.gh.inject({ operationId: "pulls/create", reset: "after" });
    const [result] = await h.run(files, { deliveryOverrides: { reviewers: ["alice"], assignees: ["bob"], draft: true } });
    expect(result!.outcome).toBe("created");
    await expectOnePullHolding(files, OLD.commit);
    expect(h.gh.pulls[0]).toMatchObject({ reviewers: ["alice"], assignees: ["bob"], draft: true, labels: ["gitops-forge", "env/production", "risk/low"] });
    // One branch write and one commit: the retry found the PR instead of pushing again.
    expect(h.gh.calls.filter((c) => c.operationId === "git/create-commit")).toHaveLength(1);
  });

  it("gives up with one sentence and writes no ref when GitHub keeps failing", async () => {
    h = await startHarness();
    h.gh.inject({ operationId: "git/create-ref", status: 502, times: 10 });
    const err = await failure(h.run(files));
    expect(err.message).toMatch(/^GitHub did not answer while trying to update branch gitops-forge\/production on acme\/ml-gitops/);
    await expectNothingWritten();
  });

  it("rebuilds from the base when its branch was moved by someone else, and touches only its own branch", async () => {
    h = await startHarness();
    await h.run(files);
    await h.gh.store.commitFiles(BRANCH, new Map([["hand-edit.txt", "pushed by a person\n"]]), "Manual push");
    await h.run(newer, { provenance: NEW });
    await expectOnePullHolding(newer, NEW.commit);
    const head = await h.gh.store.readCommit((await h.gh.store.resolveRef(`refs/heads/${BRANCH}`))!);
    expect(head!.parents).toEqual([await h.gh.store.resolveRef("refs/heads/main")]);
  });

  it("keeps its content when the branch moves while it writes", async () => {
    h = await startHarness();
    await h.run(files);
    h.gh.inject({
      operationId: "git/update-ref",
      before: async (gh) => void (await gh.store.commitFiles(BRANCH, new Map([["stray.txt", "x\n"]]), "Stray push")),
    });
    await h.run(newer, { provenance: NEW });
    await expectOnePullHolding(newer, NEW.commit);
  });

  it("does not mistake GitHub's lagging PR head for another run's write", async () => {
    h = await startHarness({ pullHeadLagMs: 60_000 });
    await h.run(files);
    const [result] = await h.run(newer, { provenance: NEW });
    expect(result!.outcome).toBe("updated");
    await expectOnePullHolding(newer, NEW.commit);
  });

  it("two concurrent runs end with one PR holding the newer content", async () => {
    h = await startHarness();
    await Promise.all([h.run(files, { provenance: OLD }), h.run(newer, { provenance: NEW })]);
    await expectOnePullHolding(newer, NEW.commit);
  });

  it("two runs that both looked before either wrote still end with one PR and the newer content", async () => {
    h = await startHarness();
    let arrived = 0;
    let release!: () => void;
    const bothThere = new Promise<void>((resolve) => (release = resolve));
    const barrier = async () => {
      if (++arrived === 2) release();
      await bothThere;
    };
    h.gh.inject({ operationId: "git/create-ref", times: 2, before: barrier });
    const results = await Promise.all([h.run(newer, { provenance: NEW }), h.run(files, { provenance: OLD })]);
    await expectOnePullHolding(newer, NEW.commit);
    expect(results.flat().map((r) => r.outcome).sort()).toContain("superseded");
  });

  it("an older run arriving after a newer one leaves the newer PR alone", async () => {
    h = await startHarness();
    await h.run(newer, { provenance: NEW });
    const [result] = await h.run(files, { provenance: OLD });
    expect(result!.outcome).toBe("superseded");
    await expectOnePullHolding(newer, NEW.commit);
  });
});

describe("pr refuses clearly before writing anything", () => {
  it("without a token", async () => {
    h = await startHarness();
    const err = await failure(h.run(files, { token: undefined }));
    expect(err.message).toBe("no GitHub token: set GITHUB_TOKEN or GH_TOKEN (or use --dry-run, or --transport git)");
    expect(h.gh.calls).toEqual([]);
  });

  it("with a token GitHub rejects", async () => {
    h = await startHarness();
    const err = await failure(h.run(files, { token: "ghp_not-a-real-token-0123456789" }));
    expect(err.message).toBe("GitHub rejected the token (401 Bad credentials): set a valid token in GITHUB_TOKEN or GH_TOKEN");
    await expectNothingWritten();
  });

  it("for a repository that does not exist", async () => {
    h = await startHarness();
    const err = await failure(h.run(files, { deliveryOverrides: { repository: { owner: "acme", name: "no-such-repo" } } }));
    expect(err.message).toBe("repository acme/no-such-repo does not exist or the token cannot see it (404 while trying to read the repository)");
    await expectNothingWritten();
  });

  it("for a base branch that does not exist", async () => {
    h = await startHarness();
    const err = await failure(h.run(files, { deliveryOverrides: { baseBranch: "release" } }));
    expect(err.message).toBe('base branch "release" does not exist in acme/ml-gitops');
    await expectNothingWritten();
  });

  it("with a read-only token", async () => {
    h = await startHarness({ tokens: { "test-token": { contents: "read", pullRequests: "read" } } });
    const err = await failure(h.run(files));
    expect(err.message).toMatch(/^the token may not create the commit tree on acme\/ml-gitops \(403 Resource not accessible by integration\)/);
    await expectNothingWritten();
  });

  it("with a token that may push but not open pull requests: the pushed branch is withdrawn", async () => {
    h = await startHarness({ tokens: { "test-token": { contents: "write", pullRequests: "read" } } });
    const err = await failure(h.run(files));
    expect(err.message).toMatch(/^the token may not open the pull request on acme\/ml-gitops \(403/);
    await expectNothingWritten();
  });
});
