import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubOpenApi } from "./openapi";
import { LoopbackGitHub } from "./server";

/** The loopback server is only worth its tests if it refuses what GitHub would refuse. */
let gh: LoopbackGitHub;
let dir: string;
const call = (method: string, path: string, body?: unknown, token = "test-token") =>
  fetch(`${gh.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "loopback-"));
  gh = await LoopbackGitHub.start({ dir: join(dir, "repo.git") });
  await gh.store.commitFiles("main", new Map([["a.txt", "a\n"]]), "init");
});
afterAll(async () => {
  await gh.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("loopback GitHub", () => {
  it("records a request body that breaks GitHub's schema and refuses it", async () => {
    gh.violations.length = 0;
    const res = await call("POST", "/repos/acme/ml-gitops/git/trees", { tree: [{ path: "x", mode: "100645", type: "blob", content: "x" }] });
    expect(res.status).toBe(422);
    expect(gh.violations).toHaveLength(1);
    expect(gh.violations[0]).toMatch(/^git\/create-tree: request body: body\/tree\/0\/mode must be equal to one of the allowed values/);
  });

  it("records unknown routes and unknown query parameters", async () => {
    gh.violations.length = 0;
    expect((await call("GET", "/repos/acme/ml-gitops/no-such-thing")).status).toBe(404);
    expect((await call("GET", "/repos/acme/ml-gitops/pulls?head=acme:x&colour=blue")).status).toBe(422);
    expect(gh.violations).toEqual(["unknown route GET /repos/acme/ml-gitops/no-such-thing", 'pulls/list: unknown query parameter "colour"']);
  });

  it("records operations GitHub has but the loopback does not implement", async () => {
    gh.violations.length = 0;
    expect((await call("GET", "/repos/acme/ml-gitops/issues")).status).toBe(404);
    expect(gh.violations).toEqual(["issues/list-for-repo: operation not implemented by the loopback server"]);
  });

  it("keeps refs in the bare repository with compare-and-swap semantics", async () => {
    gh.violations.length = 0;
    const main = (await gh.store.resolveRef("refs/heads/main"))!;
    expect((await call("POST", "/repos/acme/ml-gitops/git/refs", { ref: "refs/heads/topic", sha: main })).status).toBe(201);
    const again = await call("POST", "/repos/acme/ml-gitops/git/refs", { ref: "refs/heads/topic", sha: main });
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ message: "Reference already exists" });
    const tree = (await (await call("POST", "/repos/acme/ml-gitops/git/trees", { tree: [{ path: "b.txt", mode: "100644", type: "blob", content: "b\n" }] })).json()) as { sha: string };
    const orphan = (await (await call("POST", "/repos/acme/ml-gitops/git/commits", { message: "orphan", tree: tree.sha, parents: [] })).json()) as { sha: string };
    const ff = await call("PATCH", "/repos/acme/ml-gitops/git/refs/heads%2Ftopic", { sha: orphan.sha, force: false });
    expect(await ff.json()).toMatchObject({ message: "Update is not a fast forward" });
    expect(await gh.store.resolveRef("refs/heads/topic")).toBe(main);
    expect(gh.violations).toEqual([]);
  });

  it("checks the shape of its own answers against the description", async () => {
    const api = new GitHubOpenApi();
    const match = api.match("GET", "/repos/acme/ml-gitops/pulls/1")!;
    expect(api.checkResponse(match, 200, { number: 1, state: "open", head: { sha: "a".repeat(40) } })).toEqual([]);
    expect(api.checkResponse(match, 200, { number: "1", state: "OPEN" })[0]).toMatch(/^response 200: response\/number must be integer/);
  });

  it("answers a bad token with 401 and a private repository without one with 404", async () => {
    expect((await call("GET", "/repos/acme/ml-gitops", undefined, "wrong")).status).toBe(401);
    expect((await fetch(`${gh.url}/repos/acme/ml-gitops`)).status).toBe(404);
  });
});
