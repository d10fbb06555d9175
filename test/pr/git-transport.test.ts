import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../environments/source/errors";
import { runPr, type RunOptions } from "../../scripts/pr/run";
import { GitStore } from "../loopback/github/git-store";
import { delivery, folder, merge, provenance, serviceFiles, underGenerated } from "./fixtures";
import { SEED } from "./harness";

const BRANCH = "gitops-forge/production";
const v1 = merge(serviceFiles("search"), serviceFiles("ranker"));
const v2 = serviceFiles("search", { image: "ghcr.io/acme/search:2.0.0" });
const SIGNATURE = { name: "Someone", email: "someone@example.com", date: "1700000000 +0000" };
const OLD = provenance("a".repeat(40), "2026-11-20T10:00:00.000Z");
const NEW = provenance("b".repeat(40), "2026-11-20T11:00:00.000Z");

let dir: string;
let remote: GitStore;
let output: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "pr-git-"));
  remote = await GitStore.create(join(dir, "gitops.git"));
  await remote.commitFiles("main", SEED, "Initial content");
  output = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(files: Map<string, string>, extra: Partial<RunOptions> & { baseBranch?: string } = {}) {
  return runPr(
    { deliveries: [delivery("production", extra.baseBranch ? { baseBranch: extra.baseBranch } : {})], folders: [folder("production", files)] },
    { root: dir, dryRun: false, allowViolations: false, transport: "git", remote: remote.dir, provenance: OLD, print: (t) => output.push(t), ...extra },
  );
}

describe("pr --transport git against a bare repository", () => {
  it("pushes one commit on the base holding exactly the generated files, and says what to open", async () => {
    const [result] = await run(v1);
    expect(result!.outcome).toBe("pushed");
    expect(await remote.readFiles(`refs/heads/${BRANCH}`)).toEqual(merge(SEED, underGenerated("production", v1)));
    const head = (await remote.readCommit((await remote.resolveRef(`refs/heads/${BRANCH}`))!))!;
    expect(head.parents).toEqual([await remote.resolveRef("refs/heads/main")]);
    expect(head.message).toContain(`Source-Commit: ${OLD.commit}`);
    expect(output.join("")).toContain(`production: open a pull/merge request from ${BRANCH} into main with:\n\nTitle: gitops-forge: production (+8 ~0 -0)`);
    expect(await remote.readFiles("refs/heads/main")).toEqual(SEED);
  });

  it("pushes the same commit again for the same input, and prunes removed files on update", async () => {
    await run(v1);
    const [again] = await run(v1);
    expect(again!.outcome).toBe("unchanged");
    // A newer source commit with the same output (a docs-only change) pushes nothing either.
    const head = await remote.resolveRef(`refs/heads/${BRANCH}`);
    expect((await run(v1, { provenance: NEW }))[0]!.outcome).toBe("unchanged");
    expect(await remote.resolveRef(`refs/heads/${BRANCH}`)).toBe(head);
    await run(v2, { provenance: NEW });
    expect(await remote.readFiles(`refs/heads/${BRANCH}`)).toEqual(merge(SEED, underGenerated("production", v2)));
  });

  it("overwrites a branch someone else moved, leaving the base alone", async () => {
    await run(v1);
    await remote.commitFiles(BRANCH, new Map([["stray.txt", "x\n"]]), "Stray push");
    const [result] = await run(v2, { provenance: NEW });
    expect(result!.outcome).toBe("pushed");
    expect(await remote.readFiles(`refs/heads/${BRANCH}`)).toEqual(merge(SEED, underGenerated("production", v2)));
    expect(await remote.readFiles("refs/heads/main")).toEqual(SEED);
  });

  it("fetches again and retries with a new lease when the branch moves during the push", async () => {
    await run(v1);
    const stray = await remote.commitTree((await remote.readCommit((await remote.resolveRef("refs/heads/main"))!))!.tree, [], "Stray", SIGNATURE, SIGNATURE);
    // The remote's update hook: on the first push, someone else moves the branch and the push is refused.
    const hook = join(remote.dir, "hooks", "update");
    writeFileSync(hook, `#!/bin/sh\nif [ ! -e "$GIT_DIR/moved" ]; then touch "$GIT_DIR/moved"; git update-ref "$1" ${stray}; echo "branch moved" >&2; exit 1; fi\n`);
    chmodSync(hook, 0o755);
    const [result] = await run(v2, { provenance: NEW });
    expect(result!.outcome).toBe("pushed");
    expect(existsSync(join(remote.dir, "moved"))).toBe(true);
    expect(await remote.readFiles(`refs/heads/${BRANCH}`)).toEqual(merge(SEED, underGenerated("production", v2)));
  });

  it("leaves a newer change on the branch alone", async () => {
    await run(v2, { provenance: NEW });
    const [result] = await run(v1, { provenance: OLD });
    expect(result!.outcome).toBe("superseded");
    expect(await remote.readFiles(`refs/heads/${BRANCH}`)).toEqual(merge(SEED, underGenerated("production", v2)));
  });

  it("reports up to date when the base already holds the files", async () => {
    await remote.commitFiles("main", merge(SEED, underGenerated("production", v1)), "Applied");
    const [result] = await run(v1);
    expect(result!.outcome).toBe("up-to-date");
    expect(await remote.resolveRef(`refs/heads/${BRANCH}`)).toBeUndefined();
  });

  it("refuses a base branch the remote does not have", async () => {
    const err = await run(v1, { baseBranch: "release" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('base branch "release" does not exist on the remote');
    expect(await remote.resolveRef(`refs/heads/${BRANCH}`)).toBeUndefined();
  });

  it("pushes nothing in a dry run", async () => {
    const [result] = await run(v1, { dryRun: true });
    expect(result!.outcome).toBe("would-open");
    expect(output.join("")).toContain("  added    generated/production/ml-serving/search/deployment.yaml");
    expect(await remote.resolveRef(`refs/heads/${BRANCH}`)).toBeUndefined();
  });
});
