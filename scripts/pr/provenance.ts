import { runGit } from "./git-cli";

/**
 * Where a change comes from: the source repository, commit, author and the
 * command that produced it. Carried as commit trailers and in the PR body, and
 * used to tell which of two runs holds the newer content.
 */
export interface Provenance {
  repository: string;
  commit: string;
  /** The working tree differed from `commit` when the change was made. */
  uncommitted: boolean;
  author: string;
  /** ISO-8601 UTC commit time of the source commit: orders concurrent runs. */
  committedAt: string;
  command: string;
}

export async function readProvenance(root: string, command: string): Promise<Provenance> {
  const env = process.env;
  const git = async (args: string[]) => {
    const out = await runGit(args, { cwd: root, allowFailure: true });
    return out.ok ? out.text.trim() : "";
  };
  const commit = env.GITHUB_SHA || (await git(["rev-parse", "HEAD"])) || "unknown";
  const dirty = !env.GITHUB_SHA && (await git(["status", "--porcelain", "--untracked-files=no"])) !== "";
  const log = commit === "unknown" ? "" : await git(["log", "-1", "--format=%an <%ae>%n%ct", commit]);
  const [author = "unknown", seconds = "0"] = log.split("\n");
  const repository = env.GITHUB_REPOSITORY
    ? `${(env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/$/, "")}/${env.GITHUB_REPOSITORY}`
    : withoutCredentials(await git(["remote", "get-url", "origin"])) || "unknown";
  return {
    repository,
    commit,
    uncommitted: dirty,
    author,
    committedAt: new Date(Number(seconds) * 1000).toISOString(),
    command,
  };
}

/** Git trailers for the GitOps commit message. */
export function trailers(p: Provenance): string {
  return [
    `Source-Repository: ${p.repository}`,
    `Source-Commit: ${p.commit}`,
    ...(p.uncommitted ? ["Source-Uncommitted-Changes: true"] : []),
    `Source-Author: ${p.author}`,
    `Source-Committed-At: ${p.committedAt}`,
    `Generated-By: ${p.command}`,
  ].join("\n");
}

/** Which source commit a change was made from: orders two runs' content. */
export interface SourceStamp {
  commit: string;
  committedAt: string;
}

/** The whole provenance a gitops-forge commit message carries in its trailers, if any. */
export function provenanceFromTrailers(message: string): Provenance | undefined {
  const trailer = (name: string) => new RegExp(`^${name}: (.+)$`, "m").exec(message)?.[1];
  const stamp = stampOf(message);
  if (!stamp) return undefined;
  return {
    repository: trailer("Source-Repository") ?? "unknown",
    ...stamp,
    uncommitted: trailer("Source-Uncommitted-Changes") === "true",
    author: trailer("Source-Author") ?? "unknown",
    command: trailer("Generated-By") ?? "unknown",
  };
}

/** The stamp in a commit message written by gitops-forge, if any. */
export function stampOf(message: string): SourceStamp | undefined {
  const trailer = (name: string) => new RegExp(`^${name}: (.+)$`, "m").exec(message)?.[1];
  const commit = trailer("Source-Commit");
  const committedAt = trailer("Source-Committed-At");
  return commit && committedAt ? { commit, committedAt } : undefined;
}

/** Later source commit time wins; the commit id breaks ties so every run agrees. */
export function isNewer(a: SourceStamp, b: SourceStamp): boolean {
  return a.committedAt > b.committedAt || (a.committedAt === b.committedAt && a.commit > b.commit);
}

/** Remote URLs may embed a token (https://x:TOKEN@host/...): never let it into a commit or a log. */
export function withoutCredentials(text: string): string {
  return text.replace(/(\w+:\/\/)[^\s@/]*@/g, "$1");
}
