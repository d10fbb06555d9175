import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import { UserError } from "../../environments/source/errors";
import type { FileMap, PathPlan } from "./changeset";
import type { BaseSnapshot } from "./plan";
import { readTarGz } from "./tar";
import { readProvenanceMarker } from "./body";
import { isNewer, provenanceFromTrailers, stampOf, type Provenance, type SourceStamp } from "./provenance";
import { gitBlobSha } from "./changeset";
import { treeIdAfter, type TreeEntry } from "./tree-hash";

/**
 * GitHub transport: reads the base with two API calls, writes a change as one
 * commit (one tree built on the base tree, changed files inline, deleted files
 * removed) on the bot branch, then opens or updates the single pull request
 * for that branch. Retries 5xx with backoff and honours rate-limit waits.
 */
const GitHubOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;
type TreeListing = Awaited<ReturnType<GitHubClient["rest"]["git"]["getTree"]>>;

export interface ClientOptions {
  token?: string;
  /** GitHub Enterprise: GITHUB_API_URL, e.g. https://ghe.example.com/api/v3. */
  baseUrl?: string;
  /**
   * Gap between write requests. Unset: the plugin's production spacing, as
   * GitHub asks (1 s between writes, 3 s between writes that notify people).
   */
  writeSpacingMs?: number;
  /** Backoff unit for 5xx retries: the n-th retry waits n² units. */
  retryBackoffMs?: number;
  /** How long one second of a server's retry-after lasts (tests shorten it). */
  retryAfterUnitMs?: number;
  /** A request (archive download included) not done after this long is abandoned and retried (default 120 s). */
  requestTimeoutMs?: number;
}

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

/** A fresh client per run: the retry plugin's backoff state grows across requests of one instance. */
export function createGitHubClient(opts: ClientOptions): GitHubClient {
  return new GitHubOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl,
    userAgent: "gitops-forge",
    log: QUIET,
    // A hung connection would hold CI forever: each request gets a deadline, then a retry.
    request: { fetch: withTimeout(opts.requestTimeoutMs ?? 120_000) },
    retry: { retries: 3, retryAfterBaseValue: opts.retryBackoffMs ?? 1000 },
    throttle: {
      id: `gitops-forge-${process.pid}`,
      retryAfterBaseValue: opts.retryAfterUnitMs ?? 1000,
      ...(opts.writeSpacingMs !== undefined ? spacedWrites(opts.writeSpacingMs) : {}),
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 3,
      onRateLimit: (after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && after <= 60,
    },
  });
}

function withTimeout(ms: number): typeof fetch {
  const timed = (input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) });
  return Object.assign(timed, { preconnect: fetch.preconnect });
}

function spacedWrites(minTime: number) {
  return {
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime }),
  };
}

export interface RepositoryId {
  owner: string;
  name: string;
}

export interface GitHubBase extends BaseSnapshot {
  tree: string;
  /** Every tree entry along the way to generated/ and below it: enough to compute a change's tree id. */
  listing: TreeEntry[];
}

export interface PublishRequest {
  base: GitHubBase;
  baseBranch: string;
  branch: string;
  /** Where generated/ lives in the GitOps repository, e.g. "generated/" or "deploy/generated/". */
  generatedDir: string;
  paths: PathPlan;
  desired: FileMap;
  title: string;
  /** The body for a provenance: the content's own, which stays while the content does. */
  bodyFor: (provenance: Provenance) => string;
  labels: string[];
  reviewers: string[];
  assignees: string[];
  draft: boolean;
  message: string;
  provenance: Provenance;
}

export interface PublishResult {
  /** up-to-date: the open PR already held this content and body, and nothing was written. */
  action: "created" | "updated" | "superseded" | "up-to-date";
  number: number;
  url: string;
  commit: string;
  warnings: string[];
}

interface PullSummary {
  number: number;
  state: string;
  merged_at?: string | null;
  html_url: string;
  title: string;
  body?: string | null;
  head: { sha: string };
  labels: { name?: string }[];
  assignees?: { login: string }[] | null;
  requested_reviewers?: { login: string }[] | null;
}

/** Labels gitops-forge recomputes on every update; other labels on the PR are kept. */
const MANAGED_LABEL_PREFIX = "risk/";
const MAX_ATTEMPTS = 3;

export class GitHubTransport {
  private readonly slug: string;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repo: RepositoryId,
  ) {
    this.slug = `${repo.owner}/${repo.name}`;
  }

  private get ids() {
    return { owner: this.repo.owner, repo: this.repo.name };
  }

  async readBase(baseBranch: string, generatedDir: string): Promise<GitHubBase> {
    const ref = await this.octokit.rest.git.getRef({ ...this.ids, ref: `heads/${baseBranch}` }).catch(async (err) => {
      throw status(err) === 404 ? await this.missingBase(baseBranch) : this.explain(err, `read branch ${baseBranch}`);
    });
    const commit = ref.data.object.sha;
    const tree = await this.octokit.rest.git.getTree({ ...this.ids, tree_sha: commit, recursive: "1" }).catch((err) => {
      throw this.explain(err, `read the tree of ${baseBranch}`);
    });
    const listing = tree.data.truncated ? await this.listGenerated(tree.data.sha, generatedDir, baseBranch) : entriesOf(tree.data.tree, "");
    return { commit, tree: tree.data.sha, listing, blobs: blobsUnder(listing, generatedDir), read: (paths) => this.readFiles(commit, generatedDir, paths) };
  }

  /**
   * GitHub cuts a recursive listing of a large repository short: walk down to
   * generated/ one folder at a time and list only that subtree (with the
   * folders on the way, so the tree id of a change can still be computed).
   */
  private async listGenerated(rootTree: string, generatedDir: string, baseBranch: string): Promise<TreeEntry[]> {
    const listing: TreeEntry[] = [];
    let sha: string | undefined = rootTree;
    let at = "";
    for (const segment of generatedDir.split("/").filter(Boolean)) {
      const level: TreeListing = await this.octokit.rest.git.getTree({ ...this.ids, tree_sha: sha }).catch((err) => {
        throw this.explain(err, `read the tree of ${baseBranch}`);
      });
      listing.push(...entriesOf(level.data.tree, at));
      sha = level.data.tree.find((e) => e.type === "tree" && e.path === segment)?.sha;
      at += `${segment}/`;
      if (!sha) return listing;
    }
    const below = await this.octokit.rest.git.getTree({ ...this.ids, tree_sha: sha, recursive: "1" }).catch((err) => {
      throw this.explain(err, `read ${generatedDir} on ${baseBranch}`);
    });
    if (below.data.truncated) {
      throw new UserError(`${this.slug}: ${generatedDir} on ${baseBranch} holds more files than one GitHub tree listing returns; use --transport git`);
    }
    return [...listing, ...entriesOf(below.data.tree, generatedDir)];
  }

  /** Old contents of many files in one call: the repository archive at the base commit. */
  private async readFiles(commit: string, generatedDir: string, paths: string[]): Promise<FileMap> {
    if (paths.length === 0) return new Map();
    const archive = await this.octokit.rest.repos.downloadTarballArchive({ ...this.ids, ref: commit }).catch((err) => {
      throw this.explain(err, "download the base archive");
    });
    const wanted = new Set(paths);
    const files: FileMap = new Map();
    const decoder = new TextDecoder();
    for (const [name, bytes] of readTarGz(new Uint8Array(archive.data as ArrayBuffer))) {
      // GitHub names archive entries "<owner>-<repo>-<sha>/<path>".
      const path = name.slice(name.indexOf("/") + 1);
      if (!path.startsWith(generatedDir)) continue;
      const relative = path.slice(generatedDir.length);
      if (wanted.has(relative)) files.set(relative, decoder.decode(bytes));
    }
    return files;
  }

  /**
   * No change left to propose: an open PR for the branch is stale, so it is
   * closed, unless it comes from a newer source commit than this run's.
   */
  async closeStale(branch: string, baseBranch: string, ours: SourceStamp): Promise<number | undefined> {
    const { open } = await this.findPulls(branch, baseBranch);
    const marked = readProvenanceMarker(open?.body);
    if (!open || (marked && isNewer(marked, ours))) return undefined;
    await this.octokit.rest.pulls.update({ ...this.ids, pull_number: open.number, state: "closed" }).catch((err) => {
      throw this.explain(err, `close stale pull request #${open.number}`);
    });
    return open.number;
  }

  async publish(req: PublishRequest): Promise<PublishResult> {
    const ours = { commit: req.provenance.commit, committedAt: req.provenance.committedAt };
    const tree = this.treeOf(req);
    const warnings: string[] = [];
    let commit: string | undefined;
    let triedToOpen = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { open, branchLeftOver } = await this.findPulls(req.branch, req.baseBranch);
      if (open) {
        const marked = readProvenanceMarker(open.body);
        if (marked && isNewer(marked, ours)) return { action: "superseded", number: open.number, url: open.html_url, commit: commit ?? "", warnings };
        // The branch already holds this tree: nothing to push, and the content keeps its provenance.
        const head = await this.branchCommit(req.branch);
        if (head?.tree === tree) {
          const body = req.bodyFor(provenanceFromTrailers(head.message) ?? req.provenance);
          const wrote = await this.syncPull(open, { title: req.title, body }, req, warnings);
          const action = triedToOpen && head.sha === commit ? "created" : wrote ? "updated" : "up-to-date";
          return { action, number: open.number, url: open.html_url, commit: head.sha, warnings };
        }
      }
      commit ??= await this.writeCommit(req);
      const created = await this.pointBranch(req.branch, commit, open !== undefined || branchLeftOver);
      let pull: PullSummary | "exists";
      try {
        pull = open ?? (await this.openPull(req));
        if (open) await this.syncPull(open, { title: req.title, body: req.bodyFor(req.provenance) }, req, warnings);
      } catch (err) {
        if (!open) await this.withdrawBranch(req.branch, commit, created);
        throw err;
      }
      triedToOpen ||= !open;
      if (pull === "exists") continue;
      const now = (await this.octokit.rest.pulls.get({ ...this.ids, pull_number: pull.number }).catch((err) => {
        throw this.explain(err, `read pull request #${pull.number}`);
      })).data;
      // A PR's head follows a push asynchronously; the branch itself is authoritative.
      const head = now.head.sha === commit ? commit : await this.branchHead(req.branch);
      if (head === commit && readProvenanceMarker(now.body)?.commit === ours.commit) {
        // A new PR gets its labels, assignees and reviewers now (an updated one got what it lacked above).
        if (!open) await this.syncPull(now, {}, req, warnings, true);
        return { action: open ? "updated" : "created", number: now.number, url: now.html_url, commit, warnings };
      }
      // Another run wrote between our writes: the newer content wins, whoever wrote it.
      const theirs = head !== commit ? head && (await this.provenanceOf(head)) : readProvenanceMarker(now.body);
      if (theirs && isNewer(theirs, ours)) return { action: "superseded", number: now.number, url: now.html_url, commit, warnings };
    }
    throw new UserError(`${this.slug}: another run kept updating ${req.branch}; gave up after ${MAX_ATTEMPTS} attempts`);
  }

  /** The root tree id the change makes on the base, computed without writing. */
  private treeOf(req: PublishRequest): string {
    const blobs = new Map<string, string | null>();
    for (const path of [...req.paths.added, ...req.paths.changed]) blobs.set(req.generatedDir + path, gitBlobSha(req.desired.get(path)!));
    for (const path of req.paths.removed) blobs.set(req.generatedDir + path, null);
    return treeIdAfter(req.base.tree, req.base.listing, blobs);
  }

  private async branchCommit(branch: string): Promise<{ sha: string; tree: string; message: string } | undefined> {
    const sha = await this.branchHead(branch);
    if (!sha) return undefined;
    const commit = await this.octokit.rest.git.getCommit({ ...this.ids, commit_sha: sha }).catch((err) => {
      throw this.explain(err, `read the head of ${branch}`);
    });
    return { sha, tree: commit.data.tree.sha, message: commit.data.message };
  }

  private async writeCommit(req: PublishRequest): Promise<string> {
    const file = (path: string) => `${req.generatedDir}${path}`;
    const tree = [
      ...[...req.paths.added, ...req.paths.changed].map((path) => ({ path: file(path), mode: "100644" as const, type: "blob" as const, content: req.desired.get(path)! })),
      ...req.paths.removed.map((path) => ({ path: file(path), mode: "100644" as const, type: "blob" as const, sha: null })),
    ];
    const created = await this.octokit.rest.git.createTree({ ...this.ids, base_tree: req.base.tree, tree }).catch((err) => {
      throw this.explain(err, "create the commit tree");
    });
    // Author and date come from the source commit, so the same input makes the same commit.
    const signature = { name: "gitops-forge", email: "gitops-forge@users.noreply.github.com", date: req.provenance.committedAt };
    const commit = await this.octokit.rest.git
      .createCommit({ ...this.ids, message: req.message, tree: created.data.sha, parents: [req.base.commit], author: signature, committer: signature })
      .catch((err) => {
        throw this.explain(err, "create the commit");
      });
    return commit.data.sha;
  }

  /**
   * Points the bot branch (never the base) at the commit, trying first what is
   * likely (update or create) and falling back to the other; returns whether
   * the branch was created.
   */
  private async pointBranch(branch: string, sha: string, expectExisting: boolean): Promise<boolean> {
    const update = () => this.octokit.rest.git.updateRef({ ...this.ids, ref: `heads/${branch}`, sha, force: true });
    const create = () => this.octokit.rest.git.createRef({ ...this.ids, ref: `refs/heads/${branch}`, sha });
    try {
      if (expectExisting) return (await firstOrElse(update, create, refMissing)) === "fallback";
      return (await firstOrElse(create, update, refExists)) === "first";
    } catch (err) {
      throw this.explain(err, `update branch ${branch}`);
    }
  }

  /** Undoes the branch write when the pull request cannot be opened, so nothing is left half-written. */
  private async withdrawBranch(branch: string, sha: string, created: boolean): Promise<void> {
    const current = await this.octokit.rest.git.getRef({ ...this.ids, ref: `heads/${branch}` }).catch(() => undefined);
    if (current?.data.object.sha === sha || created) {
      await this.octokit.rest.git.deleteRef({ ...this.ids, ref: `heads/${branch}` }).catch(() => undefined);
    }
  }

  /**
   * The branch's latest pull request tells whether one is open and whether the
   * branch is probably still there (closed without merge: nobody deleted it).
   * Only one PR per branch can be open, so an open one is always the latest.
   */
  private async findPulls(branch: string, baseBranch: string): Promise<{ open?: PullSummary; branchLeftOver: boolean }> {
    // Without the "owner:" prefix GitHub ignores the head filter and lists every pull request.
    const list = await this.octokit.rest.pulls.list({ ...this.ids, head: `${this.repo.owner}:${branch}`, base: baseBranch, state: "all", per_page: 1 }).catch((err) => {
      throw this.explain(err, "list pull requests");
    });
    const latest = list.data[0];
    return { open: latest?.state === "open" ? latest : undefined, branchLeftOver: latest?.state === "closed" && !latest.merged_at };
  }

  private async openPull(req: PublishRequest): Promise<PullSummary | "exists"> {
    try {
      const body = req.bodyFor(req.provenance);
      return (await this.octokit.rest.pulls.create({ ...this.ids, title: req.title, body, head: req.branch, base: req.baseBranch, draft: req.draft })).data;
    } catch (err) {
      // A concurrent run (or a retried request that did land, its answer lost) opened it first.
      if (status(err) === 422 && /already exists/i.test(errorText(err))) return "exists";
      throw this.explain(err, "open the pull request");
    }
  }

  /**
   * Brings a pull request to its configured state with as few writes as it
   * takes, none when it is there already: title and body as given, the
   * configured labels (labels people added stay; the risk label is
   * recomputed), assignees and reviewers added when missing. A reviewer who
   * already reviewed is not asked again, and someone GitHub would refuse is
   * reported instead of asked on every run. Returns whether it wrote.
   */
  private async syncPull(pull: PullSummary, want: { title?: string; body?: string }, req: PublishRequest, warnings: string[], fresh = false): Promise<boolean> {
    const patch: { title?: string; body?: string; labels?: string[]; assignees?: string[] } = {};
    if (want.title !== undefined && pull.title !== want.title) patch.title = want.title;
    if (want.body !== undefined && (pull.body ?? "") !== want.body) patch.body = want.body;
    const have = pull.labels.map((l) => l.name ?? "").filter(Boolean);
    const labels = [...new Set([...have.filter((name) => !name.startsWith(MANAGED_LABEL_PREFIX) || req.labels.includes(name)), ...req.labels])];
    if (!sameSet(labels, have)) patch.labels = labels;
    const assigned = (pull.assignees ?? []).map((a) => a.login);
    const missingAssignees = fresh ? req.assignees : await this.assignable(req.assignees.filter((a) => !assigned.includes(a)), warnings);
    if (missingAssignees.length) patch.assignees = [...assigned, ...missingAssignees];
    let wrote = false;
    if (Object.keys(patch).length) {
      const updated = await this.octokit.rest.issues.update({ ...this.ids, issue_number: pull.number, ...patch }).catch((err) => {
        throw this.explain(err, `update pull request #${pull.number}`);
      });
      const dropped = missingAssignees.filter((a) => !(updated.data.assignees ?? []).some((u) => u.login === a));
      if (dropped.length) warnings.push(`assignees ${dropped.join(", ")} could not be assigned (GitHub dropped them)`);
      wrote = true;
    }
    const requested = (pull.requested_reviewers ?? []).map((r) => r.login);
    const missingReviewers = req.reviewers.filter((r) => !requested.includes(r));
    const reviewers = fresh ? missingReviewers : await this.collaborators(await this.notReviewed(pull.number, missingReviewers), warnings);
    if (reviewers.length) {
      wrote = true;
      await this.requestReviewers(pull.number, reviewers).catch(async (err) => {
        if (status(err) !== 422) throw this.explain(err, `request reviewers on #${pull.number}`);
        // GitHub refuses the whole request for one unknown name: ask again for those it knows.
        const known = await this.collaborators(reviewers, warnings);
        if (known.length === reviewers.length || known.length === 0) {
          warnings.push(`reviewers ${reviewers.join(", ")} could not be requested: ${errorText(err)}`);
          return;
        }
        await this.requestReviewers(pull.number, known).catch((again) => {
          if (status(again) !== 422) throw this.explain(again, `request reviewers on #${pull.number}`);
          warnings.push(`reviewers ${known.join(", ")} could not be requested: ${errorText(again)}`);
        });
      });
    }
    return wrote;
  }

  /** Of the missing assignees, those GitHub would keep (a new PR skips the check: GitHub's answer tells). */
  private async assignable(missing: string[], warnings: string[]): Promise<string[]> {
    const kept: string[] = [];
    for (const assignee of missing) {
      const ok = await this.octokit.rest.issues.checkUserCanBeAssigned({ ...this.ids, assignee }).then(() => true, (err) => {
        if (status(err) === 404) return false;
        throw this.explain(err, `check assignee ${assignee}`);
      });
      if (ok) kept.push(assignee);
      else warnings.push(`assignee ${assignee} cannot be assigned in ${this.slug}`);
    }
    return kept;
  }

  private requestReviewers(number: number, reviewers: string[]) {
    return this.octokit.rest.pulls.requestReviewers({ ...this.ids, pull_number: number, reviewers });
  }

  /** Those who have not reviewed yet (GitHub drops a reviewer from the request once they review). */
  private async notReviewed(number: number, reviewers: string[]): Promise<string[]> {
    if (reviewers.length === 0) return [];
    const reviews = await this.octokit.rest.pulls.listReviews({ ...this.ids, pull_number: number, per_page: 100 }).catch((err) => {
      throw this.explain(err, `read the reviews of #${number}`);
    });
    const reviewed = new Set(reviews.data.map((r) => r.user?.login));
    return reviewers.filter((r) => !reviewed.has(r));
  }

  /** Those GitHub accepts as reviewers; the others are reported, not asked on every run. */
  private async collaborators(logins: string[], warnings: string[]): Promise<string[]> {
    const ok: string[] = [];
    for (const login of logins) {
      const known = await this.octokit.rest.repos.checkCollaborator({ ...this.ids, username: login }).then(() => true, (err) => {
        if (status(err) === 404) return false;
        throw this.explain(err, `check reviewer ${login}`);
      });
      if (known) ok.push(login);
      else warnings.push(`reviewer ${login} is not a collaborator of ${this.slug}; not requested`);
    }
    return ok;
  }

  private async branchHead(branch: string): Promise<string | undefined> {
    const ref = await this.octokit.rest.git.getRef({ ...this.ids, ref: `heads/${branch}` }).catch((err) => {
      if (status(err) === 404) return undefined;
      throw this.explain(err, `read branch ${branch}`);
    });
    return ref?.data.object.sha;
  }

  private async provenanceOf(sha: string): Promise<SourceStamp | undefined> {
    const commit = await this.octokit.rest.git.getCommit({ ...this.ids, commit_sha: sha }).catch(() => undefined);
    return stampOf(commit?.data.message ?? "");
  }

  private async missingBase(baseBranch: string): Promise<UserError> {
    try {
      await this.octokit.rest.repos.get(this.ids);
    } catch (err) {
      return this.explain(err, "read the repository");
    }
    return new UserError(`base branch "${baseBranch}" does not exist in ${this.slug}`);
  }

  /** One clear sentence per failure GitHub reports (tokens are redacted by the command). */
  explain(err: unknown, action: string): UserError {
    const code = status(err);
    const text = errorText(err);
    if (code === 401) return new UserError(`GitHub rejected the token (401 ${text}): set a valid token in GITHUB_TOKEN or GH_TOKEN`);
    if (code === 404) return new UserError(`repository ${this.slug} does not exist or the token cannot see it (404 while trying to ${action})`);
    if (code === 403 && /rate limit/i.test(text)) return new UserError(`GitHub's rate limit stopped the run while trying to ${action} on ${this.slug}; try again later`);
    if (code === 403) return new UserError(`the token may not ${action} on ${this.slug} (403 ${text}); it needs contents: write and pull-requests: write`);
    if (code !== undefined && code < 500) return new UserError(`GitHub refused to ${action} on ${this.slug} (${code} ${text})`);
    return new UserError(`GitHub did not answer while trying to ${action} on ${this.slug}, even after retries (${text})`);
  }
}

/** A listing's entries with their paths from the root (`at` is where the listed tree sits). */
function entriesOf(entries: { path?: string; mode?: string; type?: string; sha?: string }[], at: string): TreeEntry[] {
  return entries.filter((e) => e.path && e.mode && e.type && e.sha).map((e) => ({ path: at + e.path!, mode: e.mode!, type: e.type!, sha: e.sha! }));
}

/** Blob ids of a listing's files under `dir`, keyed by path relative to it. */
function blobsUnder(entries: TreeEntry[], dir: string): Map<string, string> {
  const blobs = new Map<string, string>();
  for (const e of entries) if (e.type === "blob" && e.path.startsWith(dir)) blobs.set(e.path.slice(dir.length), e.sha);
  return blobs;
}

function status(err: unknown): number | undefined {
  const code = (err as { status?: unknown })?.status;
  return typeof code === "number" ? code : undefined;
}

function errorText(err: unknown): string {
  const data = (err as { response?: { data?: { message?: string; errors?: { message?: string }[] } } })?.response?.data;
  const detail = data?.errors?.map((e) => e.message).filter(Boolean).join("; ");
  return detail || data?.message || (err instanceof Error ? err.message : String(err));
}

/** Runs `first`; when it fails in the expected way, runs `fallback` instead. */
async function firstOrElse(first: () => Promise<unknown>, fallback: () => Promise<unknown>, expected: (err: unknown) => boolean): Promise<"first" | "fallback"> {
  try {
    await first();
    return "first";
  } catch (err) {
    if (!expected(err)) throw err;
    await fallback();
    return "fallback";
  }
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function refMissing(err: unknown): boolean {
  return status(err) === 422 && /does not exist/i.test(errorText(err));
}

function refExists(err: unknown): boolean {
  return status(err) === 422 && /already exists/i.test(errorText(err));
}
