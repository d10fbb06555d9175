import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GitHubOpenApi, type RouteMatch } from "./openapi";
import { GitStore, GitStoreError, ZERO_SHA, type TreeChange } from "./git-store";
import { PullRequests, type PullRequest, type Reply } from "./pulls";

export type { PullRequest };
import { GitError } from "../../../scripts/pr/git-cli";

/**
 * A loopback server speaking GitHub's REST API for the operations `pr` uses.
 * Repository state is a real bare git repository; pull requests live in memory.
 * Every request is checked against GitHub's OpenAPI description: an unknown
 * route, an operation the server does not implement or a malformed request is
 * answered as GitHub would and recorded in `violations` for tests to assert on.
 * Built on node:http rather than Bun.serve because a fault test needs to drop
 * the TCP connection itself (a real reset), which only a socket handle allows.
 */
export type Access = "none" | "read" | "write";
export interface TokenGrant {
  contents: Access;
  pullRequests: Access;
}

export interface ApiCall {
  operationId: string;
  method: string;
  path: string;
  /** Answer status; -1 when the connection was dropped instead. */
  status: number;
  /** When the request arrived (performance.now()). */
  at: number;
}

export interface Fault {
  operationId: string;
  /** How many matching requests it affects (default 1). */
  times?: number;
  /** Answer with this status (and headers/body) instead of handling the request. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Drop the connection without an answer, before or after the request took effect. */
  reset?: "before" | "after";
  /** Runs before the request is handled (to move a branch, or to interleave concurrent runs). */
  before?: (server: LoopbackGitHub) => Promise<void>;
}

export interface LoopbackOptions {
  dir: string;
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  tokens?: Record<string, TokenGrant>;
  collaborators?: string[];
  private?: boolean;
  /** Entries a recursive tree listing returns before GitHub marks it truncated (GitHub: 100,000). */
  recursiveTreeLimit?: number;
  /** GitHub updates a PR's head after a push asynchronously: report the old head this long. */
  pullHeadLagMs?: number;
}

export class LoopbackGitHub {
  readonly calls: ApiCall[] = [];
  readonly violations: string[] = [];
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  private readonly faults: Fault[] = [];
  private readonly tokens: Record<string, TokenGrant>;
  private readonly isPrivate: boolean;
  private readonly recursiveTreeLimit: number;
  private server?: Server;
  private origin = "";
  private pullRequests!: PullRequests;

  private constructor(
    readonly store: GitStore,
    private readonly api: GitHubOpenApi,
    opts: LoopbackOptions,
  ) {
    this.owner = opts.owner ?? "acme";
    this.repo = opts.repo ?? "ml-gitops";
    this.defaultBranch = opts.defaultBranch ?? "main";
    this.tokens = opts.tokens ?? { "test-token": { contents: "write", pullRequests: "write" } };
    this.isPrivate = opts.private ?? true;
    this.recursiveTreeLimit = opts.recursiveTreeLimit ?? 100_000;
  }

  static async start(opts: LoopbackOptions, api = new GitHubOpenApi()): Promise<LoopbackGitHub> {
    const store = await GitStore.create(opts.dir, opts.defaultBranch ?? "main");
    const gh = new LoopbackGitHub(store, api, opts);
    gh.server = createServer((req, res) => {
      gh.serve(req, res).catch((err: unknown) => {
        gh.violations.push(`loopback server failed on ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) send(res, 500, { message: "Server Error" });
      });
    });
    await new Promise<void>((resolve) => gh.server!.listen(0, "127.0.0.1", resolve));
    gh.origin = `http://127.0.0.1:${(gh.server.address() as AddressInfo).port}`;
    gh.pullRequests = new PullRequests({
      owner: gh.owner,
      name: gh.repo,
      origin: gh.origin,
      store,
      collaborators: new Set(opts.collaborators ?? ["alice", "bob"]),
      pullHeadLagMs: opts.pullHeadLagMs ?? 0,
    });
    return gh;
  }

  get url(): string {
    return this.origin;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** API calls made so far (the archive download a redirect leads to is not one). */
  apiCalls(): ApiCall[] {
    return this.calls.filter((c) => c.operationId !== "codeload");
  }

  /** Every pull request so far, oldest first (tests inspect and change them). */
  get pulls(): PullRequest[] {
    return this.pullRequests.items;
  }

  resetCounters(): void {
    this.calls.length = 0;
  }

  /** Merges an open pull request into its base with a merge commit, as the merge button does. */
  async mergePull(number: number, deleteBranch = false): Promise<void> {
    const pr = this.pulls.find((p) => p.number === number && p.state === "open");
    if (!pr) throw new Error(`no open pull request #${number}`);
    const base = (await this.store.resolveRef(`refs/heads/${pr.base}`))!;
    const head = (await this.store.resolveRef(`refs/heads/${pr.head}`))!;
    const commit = (await this.store.readCommit(head))!;
    const who = { name: "Reviewer", email: "reviewer@example.com", date: "1700000500 +0000" };
    const merge = await this.store.commitTree(commit.tree, [base, head], `Merge pull request #${number}`, who, who);
    await this.store.updateRef(`refs/heads/${pr.base}`, merge, base);
    if (deleteBranch) await this.store.deleteRef(`refs/heads/${pr.head}`, head);
    Object.assign(pr, { state: "closed", merged: true });
  }

  closePull(number: number): void {
    const pr = this.pulls.find((p) => p.number === number)!;
    pr.state = "closed";
  }

  /** A requested reviewer submits a review, as on GitHub's page. */
  submitReview(number: number, login: string): void {
    this.pullRequests.review(this.pulls.find((p) => p.number === number)!, login);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    const raw = await readBody(req);
    if (url.pathname.startsWith("/_codeload/")) return this.serveArchive(url, res);
    const match = this.api.match(req.method ?? "GET", url.pathname);
    if (!match) {
      this.violations.push(`unknown route ${req.method} ${url.pathname}`);
      return send(res, 404, { message: "Not Found" });
    }
    const call: ApiCall = { operationId: match.operation.operationId, method: req.method!, path: url.pathname + url.search, status: 0, at: performance.now() };
    this.calls.push(call);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${call.operationId}: body is not JSON`);
        return this.answer(res, call, 400, { message: "Problems parsing JSON" });
      }
    }
    const problems = this.api.check(match, url.searchParams, body);
    if (problems.length) {
      this.violations.push(...problems.map((p) => `${call.operationId}: ${p}`));
      return this.answer(res, call, 422, { message: "Invalid request.", errors: problems });
    }
    const fault = this.takeFault(call.operationId);
    if (fault?.before) await fault.before(this);
    if (fault?.reset === "before") return this.drop(res, call);
    if (fault?.status) return this.answer(res, call, fault.status, fault.body ?? { message: "fault" }, fault.headers);
    const grant = this.authorize(req.headers.authorization);
    let result: Reply;
    if (grant === "bad") result = [401, { message: "Bad credentials" }];
    else if (match.pathParams.owner?.toLowerCase() !== this.owner || match.pathParams.repo?.toLowerCase() !== this.repo) result = [404, { message: "Not Found" }];
    else if (!grant && this.isPrivate) result = [404, { message: "Not Found" }];
    else result = await this.handle(match, url.searchParams, body as Record<string, unknown>, grant ?? { contents: "read", pullRequests: "read" });
    if (fault?.reset === "after") return this.drop(res, call);
    return this.answer(res, call, result[0], result[1], result[2], match);
  }

  private takeFault(operationId: string): Fault | undefined {
    const fault = this.faults.find((f) => f.operationId === operationId && (f.times ?? 1) > 0);
    if (fault) fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  private authorize(header: string | undefined): TokenGrant | "bad" | undefined {
    if (!header) return undefined;
    const token = header.replace(/^(token|bearer)\s+/i, "");
    return this.tokens[token] ?? "bad";
  }

  private answer(res: ServerResponse, call: ApiCall, status: number, body: unknown, headers: Record<string, string> = {}, match?: RouteMatch): void {
    call.status = status;
    // The loopback's own answers must have the shapes GitHub documents, or tests would prove nothing.
    if (match) this.violations.push(...this.api.checkResponse(match, status, body).map((p) => `${call.operationId}: loopback ${p}`));
    send(res, status, body, headers);
  }

  private drop(res: ServerResponse, call: ApiCall): void {
    call.status = -1;
    res.socket?.destroy();
  }

  private async serveArchive(url: URL, res: ServerResponse): Promise<void> {
    const sha = url.pathname.split("/").pop()!;
    this.calls.push({ operationId: "codeload", method: "GET", path: url.pathname, status: 200, at: performance.now() });
    const bytes = await this.store.archive(sha, `${this.owner}-${this.repo}-${sha.slice(0, 7)}/`);
    res.writeHead(200, { "content-type": "application/x-gzip", "content-length": bytes.length });
    res.end(bytes);
  }

  private async handle(match: RouteMatch, query: URLSearchParams, body: Record<string, unknown>, grant: TokenGrant): Promise<Reply> {
    const p = match.pathParams;
    const id = match.operation.operationId;
    const needs = (area: keyof TokenGrant, level: Access): Reply | undefined =>
      rank(grant[area]) < rank(level) ? [403, { message: "Resource not accessible by integration" }] : undefined;
    try {
      switch (id) {
        case "repos/get":
          return [200, this.repoJson(grant)];
        case "git/get-ref":
          return this.getRef(p.ref!);
        case "git/get-commit":
          return this.getCommit(p.commit_sha!);
        case "git/get-tree":
          return this.getTree(p.tree_sha!, query.has("recursive"));
        case "repos/download-tarball-archive": {
          const sha = await this.store.resolveRef(p.ref!);
          if (!sha) return [404, { message: "Not Found" }];
          return [302, "", { location: `${this.origin}/_codeload/${this.owner}/${this.repo}/legacy.tar.gz/${sha}` }];
        }
        case "git/create-tree":
          return needs("contents", "write") ?? this.createTree(body);
        case "git/create-commit":
          return needs("contents", "write") ?? this.createCommit(body);
        case "git/create-ref":
          return needs("contents", "write") ?? this.createRef(body);
        case "git/update-ref":
          return needs("contents", "write") ?? this.updateRef(p.ref!, body);
        case "git/delete-ref":
          return needs("contents", "write") ?? this.deleteRef(p.ref!);
        case "pulls/list":
          return this.pullRequests.list(query);
        case "pulls/get":
          return this.pullRequests.withPull(Number(p.pull_number), async (pr) => [200, await this.pullRequests.json(pr)]);
        case "pulls/create":
          return needs("pullRequests", "write") ?? this.pullRequests.create(body);
        case "pulls/update":
          return needs("pullRequests", "write") ?? this.pullRequests.withPull(Number(p.pull_number), (pr) => this.pullRequests.update(pr, body));
        case "issues/update":
          return needs("pullRequests", "write") ?? this.pullRequests.withPull(Number(p.issue_number), (pr) => this.pullRequests.updateIssue(pr, body));
        case "pulls/list-reviews":
          return this.pullRequests.withPull(Number(p.pull_number), (pr) => this.pullRequests.reviews(pr));
        case "repos/check-collaborator":
        case "issues/check-user-can-be-assigned":
          return this.pullRequests.isCollaborator(p.username ?? p.assignee ?? "") ? [204, ""] : [404, { message: "Not Found" }];
        case "pulls/request-reviewers":
          return needs("pullRequests", "write") ?? this.pullRequests.withPull(Number(p.pull_number), (pr) => this.pullRequests.requestReviewers(pr, body));
        default:
          this.violations.push(`${id}: operation not implemented by the loopback server`);
          return [404, { message: "Not Found" }];
      }
    } catch (err) {
      if (err instanceof GitStoreError || err instanceof GitError) return [422, { message: err.message }];
      throw err;
    }
  }

  private repoJson(grant: TokenGrant) {
    return {
      id: 1,
      node_id: "R_1",
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      owner: { login: this.owner, id: 2, type: "Organization" },
      private: this.isPrivate,
      default_branch: this.defaultBranch,
      html_url: `https://github.example/${this.owner}/${this.repo}`,
      permissions: { admin: false, maintain: false, push: grant.contents === "write", triage: false, pull: true },
    };
  }

  private async getRef(ref: string): Promise<Reply> {
    const sha = await this.store.resolveRef(`refs/${ref}`);
    if (!sha) return [404, { message: "Not Found" }];
    return [200, this.refJson(`refs/${ref}`, sha)];
  }

  private refJson(ref: string, sha: string) {
    return { ref, node_id: "REF", url: `${this.origin}/repos/${this.owner}/${this.repo}/git/${ref}`, object: { type: "commit", sha, url: `${this.origin}/commits/${sha}` } };
  }

  private async getCommit(sha: string): Promise<Reply> {
    const commit = await this.store.readCommit(sha);
    if (!commit) return [404, { message: "Not Found" }];
    return [200, this.commitJson(commit)];
  }

  private commitJson(commit: NonNullable<Awaited<ReturnType<GitStore["readCommit"]>>>) {
    const sig = (s: { name: string; email: string; date: string }) => ({ name: s.name, email: s.email, date: new Date(Number(s.date.split(" ")[0]) * 1000).toISOString() });
    return {
      sha: commit.sha,
      node_id: "C",
      url: `${this.origin}/commits/${commit.sha}`,
      html_url: `https://github.example/${this.owner}/${this.repo}/commit/${commit.sha}`,
      message: commit.message,
      author: sig(commit.author),
      committer: sig(commit.committer),
      tree: { sha: commit.tree, url: `${this.origin}/trees/${commit.tree}` },
      parents: commit.parents.map((sha) => ({ sha, url: `${this.origin}/commits/${sha}`, html_url: `https://github.example/${this.owner}/${this.repo}/commit/${sha}` })),
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    };
  }

  private async getTree(treeish: string, recursive: boolean): Promise<Reply> {
    const tree = await this.store.resolveTree(treeish);
    if (!tree) return [404, { message: "Not Found" }];
    const all = await this.store.listTree(tree, recursive);
    const truncated = recursive && all.length > this.recursiveTreeLimit;
    const entries = truncated ? all.slice(0, this.recursiveTreeLimit) : all;
    return [200, { sha: tree, url: `${this.origin}/trees/${tree}`, truncated, tree: entries.map((e) => ({ ...e, url: `${this.origin}/${e.type}s/${e.sha}` })) }];
  }

  private async createTree(body: Record<string, unknown>): Promise<Reply> {
    const baseTree = body.base_tree as string | undefined;
    if (baseTree && (await this.store.objectType(baseTree)) !== "tree") return [422, { message: "base_tree is not a valid tree oid" }];
    const changes = body.tree as TreeChange[];
    for (const change of changes) {
      if (change.content !== undefined && change.sha !== undefined) return [422, { message: "Must supply either tree.sha or tree.content, not both" }];
    }
    const sha = await this.store.buildTree(baseTree, changes);
    return [201, { sha, url: `${this.origin}/trees/${sha}`, truncated: false, tree: [] }];
  }

  private async createCommit(body: Record<string, unknown>): Promise<Reply> {
    if ((await this.store.objectType(body.tree as string)) !== "tree") return [422, { message: "Tree SHA does not exist" }];
    const parents = (body.parents as string[] | undefined) ?? [];
    for (const parent of parents) if ((await this.store.objectType(parent)) !== "commit") return [422, { message: "Parent SHA does not exist or is not a commit object" }];
    const given = (body.author ?? {}) as { name?: string; email?: string; date?: string };
    const date = given.date ? `${Math.floor(Date.parse(given.date) / 1000)} +0000` : "1700000100 +0000";
    const author = { name: given.name ?? "gitops-forge[bot]", email: given.email ?? "bot@example.com", date };
    const sha = await this.store.commitTree(body.tree as string, parents, body.message as string, author, author);
    return [201, this.commitJson((await this.store.readCommit(sha))!)];
  }

  private async createRef(body: Record<string, unknown>): Promise<Reply> {
    const ref = body.ref as string;
    if (!/^refs\/[^/]+\/.+/.test(ref)) return [422, { message: "Reference name must start with 'refs/' and have at least two slashes." }];
    if ((await this.store.objectType(body.sha as string)) !== "commit") return [422, { message: "Object does not exist" }];
    if (!(await this.store.updateRef(ref, body.sha as string, ZERO_SHA))) return [422, { message: "Reference already exists" }];
    return [201, this.refJson(ref, body.sha as string)];
  }

  private async updateRef(ref: string, body: Record<string, unknown>): Promise<Reply> {
    const name = `refs/${ref}`;
    const current = await this.store.resolveRef(name);
    if (!current) return [422, { message: "Reference does not exist" }];
    const next = body.sha as string;
    if ((await this.store.objectType(next)) !== "commit") return [422, { message: "Object does not exist" }];
    if (!body.force && !(await this.store.isAncestor(current, next))) return [422, { message: "Update is not a fast forward" }];
    if (!(await this.store.updateRef(name, next, current))) return [422, { message: "Reference cannot be updated" }];
    this.pullRequests.branchUpdated(name, current);
    return [200, this.refJson(name, next)];
  }

  private async deleteRef(ref: string): Promise<Reply> {
    const name = `refs/${ref}`;
    const current = await this.store.resolveRef(name);
    if (!current || !(await this.store.deleteRef(name, current))) return [422, { message: "Reference does not exist" }];
    this.pullRequests.branchDeleted(name);
    return [204, ""];
  }
}


function rank(access: Access): number {
  return access === "write" ? 2 : access === "read" ? 1 : 0;
}


function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === "" ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/json; charset=utf-8" } : {}), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
