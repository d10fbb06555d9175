import { runGit } from "./git-cli";

/**
 * Where a change comes from: the source repository, commit, author and the
 * command that produced it. Carried as commit trailers and in the PR body, and
 * used to tell which of two runs holds the newer content.
 */
export interface Provenance {
  repository: string;
  commit: string;
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
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
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
    `Source-Author: ${p.author}`,
    `Source-Committed-At: ${p.committedAt}`,
    `Generated-By: ${p.command}`,
  ].join("\n");
}

export function readTrailer(message: string, name: string): string | undefined {
  const m = new RegExp(`^${name}: (.+)$`, "m").exec(message);
  return m?.[1];
}

/** Remote URLs may embed a token (https://x:TOKEN@host/...): never let it into a commit. */
function withoutCredentials(url: string): string {
  return url.replace(/^(\w+:\/\/)[^@/]*@/, "$1");
}
