import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../environments/source/errors";
import type { FileMap, PathPlan } from "./changeset";
import { commitTree, runGit, writeTree, type GitOptions } from "./git-cli";
import { localBase, type BaseSnapshot } from "./plan";
import { isNewer, stampOf, type Provenance } from "./provenance";

/**
 * Git transport: any git remote (GitLab, Gitea, a bare repository) through the
 * git CLI. Fetches only the base branch tip, builds the same single commit as
 * the GitHub transport, and pushes the bot branch with a lease so a branch
 * that moved meanwhile is never overwritten blindly.
 */
export interface GitPushRequest {
  base: BaseSnapshot;
  branch: string;
  generatedDir: string;
  paths: PathPlan;
  desired: FileMap;
  message: string;
  provenance: Provenance;
}

export interface GitPushResult {
  action: "pushed" | "unchanged" | "superseded";
  commit: string;
}

const MAX_ATTEMPTS = 3;

export class GitRemoteTransport {
  private constructor(
    private readonly remote: string,
    private readonly git: GitOptions,
  ) {}

  /** A scratch bare repository for objects; nothing is cloned. */
  static async open(remote: string): Promise<GitRemoteTransport> {
    const dir = await mkdtemp(join(tmpdir(), "gitops-forge-push-"));
    await runGit(["init", "--quiet", "--bare", dir]);
    return new GitRemoteTransport(remote, { gitDir: dir });
  }

  async close(): Promise<void> {
    await rm(this.git.gitDir!, { recursive: true, force: true });
  }

  async readBase(baseBranch: string, generatedDir: string): Promise<BaseSnapshot> {
    const fetched = await this.fetch(baseBranch, "refs/forge/base");
    if (!fetched) throw new UserError(`base branch "${baseBranch}" does not exist on the remote`);
    return localBase("refs/forge/base", generatedDir, this.git);
  }

  async push(req: GitPushRequest): Promise<GitPushResult> {
    const baseTree = (await runGit(["rev-parse", `${req.base.commit}^{tree}`], this.git)).text.trim();
    const changes = [
      ...[...req.paths.added, ...req.paths.changed].map((p) => ({ path: req.generatedDir + p, mode: "100644", content: req.desired.get(p)! })),
      ...req.paths.removed.map((p) => ({ path: req.generatedDir + p, mode: "100644", sha: null })),
    ];
    const tree = await writeTree(baseTree, changes, this.git);
    const signature = { name: "gitops-forge", email: "gitops-forge@users.noreply.localhost", date: req.provenance.committedAt };
    const commit = await commitTree(tree, [req.base.commit], req.message, signature, signature, this.git);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.fetch(req.branch, "refs/forge/bot");
      // The same tree is the same content, whatever source commit it came from: nothing to push.
      if (current && (current === commit || (await runGit(["rev-parse", `${current}^{tree}`], this.git)).text.trim() === tree)) return { action: "unchanged", commit: current };
      if (current && (await this.isNewer(current, req.provenance))) return { action: "superseded", commit };
      // The lease names the tip we just saw (empty: the branch must not exist yet).
      const lease = `--force-with-lease=refs/heads/${req.branch}:${current ?? ""}`;
      const pushed = await runGit(["push", "--quiet", "--porcelain", lease, this.remote, `${commit}:refs/heads/${req.branch}`], { ...this.git, allowFailure: true });
      if (pushed.ok) return { action: "pushed", commit };
      if (!/stale info|rejected/.test(pushed.text + pushed.stderr)) throw new UserError(`git push to the remote failed: ${lastLine(pushed.stderr)}`);
    }
    throw new UserError(`another run kept moving ${req.branch}; gave up after ${MAX_ATTEMPTS} attempts`);
  }

  /** Fetches one branch tip (shallow) into `into`; undefined when the remote has no such branch. */
  private async fetch(branch: string, into: string): Promise<string | undefined> {
    const out = await runGit(["fetch", "--quiet", "--no-tags", "--depth=1", this.remote, `+refs/heads/${branch}:${into}`], { ...this.git, allowFailure: true });
    if (!out.ok) {
      if (/couldn't find remote ref|not our ref/i.test(out.stderr)) return undefined;
      throw new UserError(`cannot fetch ${branch} from the remote: ${lastLine(out.stderr)}`);
    }
    return (await runGit(["rev-parse", into], this.git)).text.trim();
  }

  private async isNewer(sha: string, ours: Provenance): Promise<boolean> {
    const theirs = stampOf((await runGit(["log", "-1", "--format=%B", sha], this.git)).text);
    return theirs !== undefined && isNewer(theirs, ours);
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}
