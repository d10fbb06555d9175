import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs the git CLI without a shell; the one way every module here talks to git. */
export interface GitResult {
  ok: boolean;
  bytes: Uint8Array;
  text: string;
  stderr: string;
}

export interface GitOptions {
  /** Working directory (a work tree) or, with `gitDir`, the repository itself. */
  cwd?: string;
  gitDir?: string;
  input?: string | Uint8Array;
  env?: Record<string, string>;
  allowFailure?: boolean;
}

export class GitError extends Error {}

export async function runGit(args: string[], opts: GitOptions = {}): Promise<GitResult> {
  const proc = Bun.spawn(["git", ...(opts.gitDir ? ["--git-dir", opts.gitDir] : []), ...args], {
    cwd: opts.cwd,
    stdin: opts.input === undefined ? "ignore" : typeof opts.input === "string" ? new TextEncoder().encode(opts.input) : opts.input,
    stdout: "pipe",
    stderr: "pipe",
    // Prompts would hang CI; user and system config could change what is written.
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...opts.env },
  });
  const [bytes, stderr, code] = await Promise.all([new Response(proc.stdout).bytes(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0 && !opts.allowFailure) throw new GitError(`git ${args[0]} failed: ${stderr.trim().split("\n").pop()}`);
  return { ok: code === 0, bytes, text: new TextDecoder().decode(bytes), stderr };
}

/** Blob ids of every file under `prefix` at `rev`, keyed by path relative to `prefix`. */
export async function listBlobs(rev: string, prefix: string, opts: GitOptions): Promise<Map<string, string>> {
  const { text } = await runGit(["ls-tree", "-r", "-z", "--full-tree", rev, ...(prefix ? ["--", prefix] : [])], opts);
  const blobs = new Map<string, string>();
  for (const line of text.split("\0")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const [, type, sha] = line.slice(0, tab).split(" ");
    const path = line.slice(tab + 1);
    if (type === "blob" && path.startsWith(prefix)) blobs.set(path.slice(prefix.length), sha!);
  }
  return blobs;
}

/** Contents of blobs in one `git cat-file --batch` process. */
export async function readBlobs(shas: string[], opts: GitOptions): Promise<string[]> {
  if (shas.length === 0) return [];
  const out = (await runGit(["cat-file", "--batch"], { ...opts, input: shas.join("\n") + "\n" })).bytes;
  const decoder = new TextDecoder();
  const texts: string[] = [];
  let offset = 0;
  for (let i = 0; i < shas.length; i++) {
    const headerEnd = out.indexOf(10, offset);
    const size = Number(decoder.decode(out.subarray(offset, headerEnd)).split(" ")[2]);
    texts.push(decoder.decode(out.subarray(headerEnd + 1, headerEnd + 1 + size)));
    offset = headerEnd + 1 + size + 1;
  }
  return texts;
}

export const ZERO_SHA = "0000000000000000000000000000000000000000";

export interface TreeChange {
  path: string;
  mode: string;
  /** New content, an existing blob, or null to delete the path. */
  content?: string;
  sha?: string | null;
}

/** Builds a tree from a base tree (or none) and changes, with a throw-away index: no work tree needed. */
export async function writeTree(baseTree: string | undefined, changes: TreeChange[], opts: GitOptions): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "gitops-forge-tree-"));
  const git = (args: string[], input?: string) => runGit(args, { ...opts, input, env: { ...opts.env, GIT_INDEX_FILE: join(work, "index") } });
  try {
    await git(baseTree ? ["read-tree", baseTree] : ["read-tree", "--empty"]);
    const inline = changes.filter((c) => c.content !== undefined);
    const shas = await writeBlobs(inline.map((c) => c.content!), work, opts);
    const present = new Set((await git(["ls-files", "-z"])).text.split("\0"));
    const lines = changes.map((change) => {
      if (change.content !== undefined) return `${change.mode} ${shas[inline.indexOf(change)]}\t${change.path}`;
      if (change.sha !== null) return `${change.mode} ${change.sha}\t${change.path}`;
      if (!present.has(change.path)) throw new GitError(`cannot delete ${change.path}: not in the base tree`);
      return `0 ${ZERO_SHA}\t${change.path}`;
    });
    if (lines.length) await git(["update-index", "-z", "--index-info"], lines.join("\0") + "\0");
    return (await git(["write-tree"])).text.trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Writes many blobs with one `git fast-import` process (no file per blob); returns their ids in order. */
async function writeBlobs(contents: string[], work: string, opts: GitOptions): Promise<string[]> {
  if (contents.length === 0) return [];
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  contents.forEach((content, i) => {
    const bytes = encoder.encode(content);
    chunks.push(encoder.encode(`blob\nmark :${i + 1}\ndata ${bytes.length}\n`), bytes, encoder.encode("\n"));
  });
  const marks = join(work, "marks");
  await runGit(["fast-import", "--quiet", `--export-marks=${marks}`], { ...opts, input: Buffer.concat(chunks) });
  const shas = new Array<string>(contents.length);
  for (const line of (await readFile(marks, "utf8")).split("\n")) {
    const [mark, sha] = line.split(" ");
    if (mark && sha) shas[Number(mark.slice(1)) - 1] = sha;
  }
  return shas;
}

export interface Signature {
  name: string;
  email: string;
  /** Git's "<seconds> <offset>" or ISO-8601. */
  date: string;
}

export async function commitTree(tree: string, parents: string[], message: string, author: Signature, committer: Signature, opts: GitOptions): Promise<string> {
  const env = {
    ...opts.env,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: author.date,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: committer.date,
  };
  const args = ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-F", "-"];
  return (await runGit(args, { ...opts, env, input: message })).text.trim();
}
