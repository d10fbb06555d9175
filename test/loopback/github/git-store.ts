import { mkdir } from "node:fs/promises";
import { commitTree, listBlobs, readBlobs, runGit, writeTree, ZERO_SHA, type GitOptions, type GitResult, type Signature, type TreeChange } from "../../../scripts/pr/git-cli";

export { ZERO_SHA, type TreeChange };
/** The server's repository ignores the machine's git configuration. */
const ISOLATED = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

/**
 * A real bare git repository driven by the git CLI: the loopback GitHub server
 * keeps every object and ref here, and tests read it back with git to see what
 * a run really wrote.
 */

export interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  size?: number;
}



export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: Signature;
  committer: Signature;
}

export class GitStore {
  private constructor(readonly dir: string) {}

  static async create(dir: string, defaultBranch = "main"): Promise<GitStore> {
    await mkdir(dir, { recursive: true });
    await git(dir, ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`]);
    return new GitStore(dir);
  }

  async resolveRef(ref: string): Promise<string | undefined> {
    const out = await git(this.dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { allowFailure: true });
    return out.ok ? out.text.trim() : undefined;
  }

  /** Resolves a SHA or branch name to a tree, as GitHub's tree endpoint does. */
  async resolveTree(treeish: string): Promise<string | undefined> {
    const out = await git(this.dir, ["rev-parse", "--verify", "--quiet", `${treeish}^{tree}`], { allowFailure: true });
    return out.ok ? out.text.trim() : undefined;
  }

  async objectType(sha: string): Promise<string | undefined> {
    const out = await git(this.dir, ["cat-file", "-t", sha], { allowFailure: true });
    return out.ok ? out.text.trim() : undefined;
  }

  async readCommit(sha: string): Promise<CommitObject | undefined> {
    if ((await this.objectType(sha)) !== "commit") return undefined;
    const text = (await git(this.dir, ["cat-file", "commit", sha])).text;
    const split = text.indexOf("\n\n");
    const headers = text.slice(0, split).split("\n");
    const field = (name: string) => headers.filter((h) => h.startsWith(name + " ")).map((h) => h.slice(name.length + 1));
    return {
      sha,
      tree: field("tree")[0]!,
      parents: field("parent"),
      message: text.slice(split + 2),
      author: parseSignature(field("author")[0]!),
      committer: parseSignature(field("committer")[0]!),
    };
  }

  async listTree(treeSha: string, recursive: boolean): Promise<TreeEntry[]> {
    const args = ["ls-tree", "-z", "--long", ...(recursive ? ["-r", "-t"] : []), treeSha];
    const { text } = await git(this.dir, args);
    return text
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const [meta, path] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
        const [mode, type, sha, size] = meta.split(/\s+/);
        return { path, mode: mode!, type: type as TreeEntry["type"], sha: sha!, ...(size && size !== "-" ? { size: Number(size) } : {}) };
      });
  }

  /** Builds a tree from an optional base tree and a list of changes (like POST /git/trees). */
  async buildTree(baseTree: string | undefined, changes: TreeChange[]): Promise<string> {
    for (const change of changes) {
      if (change.content === undefined && change.sha && (await this.objectType(change.sha)) !== "blob") throw new GitStoreError(`${change.sha} is not a blob`);
    }
    return writeTree(baseTree, changes, this.gitOptions);
  }

  async commitTree(tree: string, parents: string[], message: string, author: Signature, committer: Signature): Promise<string> {
    return commitTree(tree, parents, message, author, committer, this.gitOptions);
  }

  /** Compare-and-swap: moves `ref` to `next` only if it still points at `expected` (ZERO_SHA: absent). */
  async updateRef(ref: string, next: string, expected: string): Promise<boolean> {
    return (await git(this.dir, ["update-ref", ref, next, expected], { allowFailure: true })).ok;
  }

  async deleteRef(ref: string, expected: string): Promise<boolean> {
    return (await git(this.dir, ["update-ref", "-d", ref, expected], { allowFailure: true })).ok;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return (await git(this.dir, ["merge-base", "--is-ancestor", ancestor, descendant], { allowFailure: true })).ok;
  }

  async archive(sha: string, prefix: string): Promise<Uint8Array> {
    return (await git(this.dir, ["archive", "--format=tar.gz", `--prefix=${prefix}`, sha])).bytes;
  }

  /** Every file of a commit with its content, read back with git. */
  async readFiles(ref: string): Promise<Map<string, string>> {
    const blobs = await listBlobs(ref, "", { gitDir: this.dir });
    const texts = await readBlobs([...blobs.values()], { gitDir: this.dir });
    return new Map([...blobs.keys()].map((path, i) => [path, texts[i]!]));
  }

  /** Commits `files` (full snapshot) on top of `branch`, as a person pushing would. */
  async commitFiles(branch: string, files: Map<string, string>, message: string): Promise<string> {
    const parent = await this.resolveRef(`refs/heads/${branch}`);
    const changes = [...files].map(([path, content]) => ({ path, mode: "100644", content }));
    const tree = await this.buildTree(undefined, changes);
    const who = { name: "Platform Team", email: "platform@example.com", date: "1700000000 +0000" };
    const sha = await this.commitTree(tree, parent ? [parent] : [], message, who, who);
    if (!(await this.updateRef(`refs/heads/${branch}`, sha, parent ?? ZERO_SHA))) throw new GitStoreError(`${branch} moved`);
    return sha;
  }

  private get gitOptions(): GitOptions {
    return { gitDir: this.dir, env: ISOLATED };
  }
}

export class GitStoreError extends Error {}

function parseSignature(raw: string): Signature {
  const m = /^(.*) <(.*)> (\d+ [+-]\d{4})$/.exec(raw);
  if (!m) throw new GitStoreError(`unreadable signature: ${raw}`);
  return { name: m[1]!, email: m[2]!, date: m[3]! };
}

function git(dir: string, args: string[], opts: Omit<GitOptions, "gitDir"> = {}): Promise<GitResult> {
  return runGit(args, { ...opts, gitDir: dir, env: { ...ISOLATED, ...opts.env } });
}
