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
