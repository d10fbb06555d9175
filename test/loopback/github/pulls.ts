import { ZERO_SHA, type GitStore } from "./git-store";

/**
 * Pull requests of the loopback GitHub, in memory; their branches live in the
 * bare repository. Behaves as GitHub does where `pr` depends on it: one open
 * PR per head and base, a head filter ignored without "owner:", a 65,536
 * character body limit, unknown assignees dropped, reviewers limited to
 * collaborators, a head that can lag behind a push.
 */
export interface PullRequest {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  title: string;
  body: string;
  draft: boolean;
  head: string;
  base: string;
  labels: string[];
  assignees: string[];
  /** Requested reviewers: GitHub drops one from the request once they review. */
  reviewers: string[];
  /** Who reviewed (see `review`). */
  reviewedBy: string[];
}

export type Reply = [number, unknown, Record<string, string>?];

/** What pull requests need to know of the repository they belong to. */
export interface RepositoryContext {
  owner: string;
  name: string;
  origin: string;
  store: GitStore;
  collaborators: Set<string>;
  pullHeadLagMs: number;
}

const BOT = { login: "gitops-forge[bot]", id: 1, type: "Bot" };
const MAX_BODY = 65536;

export class PullRequests {
  readonly items: PullRequest[] = [];
  /** Branch updates through the API: what a lagging PR head still shows, and since when. */
  private readonly branchUpdates = new Map<string, { previous: string; at: number }>();

  constructor(private readonly repo: RepositoryContext) {}

  branchUpdated(ref: string, previous: string): void {
    this.branchUpdates.set(ref, { previous, at: performance.now() });
  }

  /** GitHub closes the pull requests whose head branch disappears. */
  branchDeleted(ref: string): void {
    for (const pr of this.items) if (pr.state === "open" && `refs/heads/${pr.head}` === ref) pr.state = "closed";
  }

  async list(query: URLSearchParams): Promise<Reply> {
    const state = query.get("state") ?? "open";
    const head = query.get("head");
    const base = query.get("base");
    // GitHub ignores a head filter without the "owner:" prefix and lists everything.
    const headBranch = head?.includes(":") ? (head.split(":")[0]!.toLowerCase() === this.repo.owner ? head.slice(head.indexOf(":") + 1) : "\0none") : undefined;
    const found = this.items
      .filter((pr) => state === "all" || pr.state === state)
      .filter((pr) => headBranch === undefined || pr.head === headBranch)
      .filter((pr) => !base || pr.base === base)
      .sort((a, b) => b.number - a.number);
    return [200, await Promise.all(found.map((pr) => this.json(pr)))];
  }

  async withPull(number: number, fn: (pr: PullRequest) => Promise<Reply> | Reply): Promise<Reply> {
    const pr = this.items.find((p) => p.number === number);
    return pr ? fn(pr) : [404, { message: "Not Found" }];
  }

  async create(body: Record<string, unknown>): Promise<Reply> {
    const head = String(body.head).replace(new RegExp(`^${this.repo.owner}:`, "i"), "");
    const base = String(body.base);
    const invalid = (field: string, message?: string): Reply => [
      422,
      { message: "Validation Failed", errors: [{ resource: "PullRequest", field, code: message ? "custom" : "invalid", ...(message ? { message } : {}) }] },
    ];
    const headSha = await this.repo.store.resolveRef(`refs/heads/${head}`);
    const baseSha = await this.repo.store.resolveRef(`refs/heads/${base}`);
    if (!headSha) return invalid("head");
    if (!baseSha) return invalid("base");
    if (this.items.some((p) => p.state === "open" && p.head === head && p.base === base)) {
      return invalid("", `A pull request already exists for ${this.repo.owner}:${head}.`);
    }
    if (await this.repo.store.isAncestor(headSha, baseSha)) return invalid("", `No commits between ${base} and ${head}`);
    const pr: PullRequest = {
      number: this.items.length + 1,
      state: "open",
      merged: false,
      title: String(body.title ?? ""),
      body: String(body.body ?? ""),
      draft: Boolean(body.draft),
      head,
      base,
      labels: [],
      assignees: [],
      reviewers: [],
      reviewedBy: [],
    };
    const tooLong = checkBody(pr.body);
    if (tooLong) return tooLong;
    this.items.push(pr);
    return [201, await this.json(pr)];
  }

  async update(pr: PullRequest, body: Record<string, unknown>): Promise<Reply> {
    if (typeof body.body === "string") {
      const tooLong = checkBody(body.body);
      if (tooLong) return tooLong;
      pr.body = body.body;
    }
    if (typeof body.title === "string") pr.title = body.title;
    if (body.state === "closed" || body.state === "open") pr.state = body.state;
    return [200, await this.json(pr)];
  }

  async updateIssue(pr: PullRequest, body: Record<string, unknown>): Promise<Reply> {
    const reply = await this.update(pr, body);
    if (reply[0] !== 200) return reply;
    if (Array.isArray(body.labels)) pr.labels = body.labels.map((l) => (typeof l === "string" ? l : String((l as { name: string }).name)));
    // GitHub drops assignees who cannot be assigned instead of failing.
    if (Array.isArray(body.assignees)) pr.assignees = (body.assignees as string[]).filter((a) => this.repo.collaborators.has(a));
    return [200, await this.issueJson(pr)];
  }

  async requestReviewers(pr: PullRequest, body: Record<string, unknown>): Promise<Reply> {
    const reviewers = (body.reviewers as string[] | undefined) ?? [];
    const unknown = reviewers.filter((r) => !this.repo.collaborators.has(r));
    if (unknown.length) return [422, { message: "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository." }];
    pr.reviewers = [...new Set([...pr.reviewers, ...reviewers])];
    return [201, await this.json(pr)];
  }

  isCollaborator(login: string): boolean {
    return this.repo.collaborators.has(login);
  }

  /** A reviewer submits a review: GitHub removes them from the requested reviewers. */
  review(pr: PullRequest, login: string): void {
    pr.reviewers = pr.reviewers.filter((r) => r !== login);
    pr.reviewedBy.push(login);
  }

  reviews(pr: PullRequest): Reply {
    return [
      200,
      pr.reviewedBy.map((login, i) => ({
        id: i + 1,
        node_id: `PRR_${i + 1}`,
        user: { login, id: 100 + i, type: "User" },
        body: "",
        state: "APPROVED",
        html_url: `https://github.example/${this.repo.owner}/${this.repo.name}/pull/${pr.number}#pullrequestreview-${i + 1}`,
        pull_request_url: `${this.repo.origin}/repos/${this.repo.owner}/${this.repo.name}/pulls/${pr.number}`,
        author_association: "COLLABORATOR",
        _links: { html: { href: "" }, pull_request: { href: "" } },
        commit_id: null,
      })),
    ];
  }

  async json(pr: PullRequest) {
    const update = this.branchUpdates.get(`refs/heads/${pr.head}`);
    const lagging = update && performance.now() - update.at < this.repo.pullHeadLagMs;
    const headSha = lagging ? update.previous : (await this.repo.store.resolveRef(`refs/heads/${pr.head}`)) ?? ZERO_SHA;
    const baseSha = (await this.repo.store.resolveRef(`refs/heads/${pr.base}`)) ?? ZERO_SHA;
    const repo = { id: 1, name: this.repo.name, full_name: `${this.repo.owner}/${this.repo.name}`, owner: { login: this.repo.owner } };
    return {
      id: pr.number,
      number: pr.number,
      node_id: `PR_${pr.number}`,
      url: `${this.repo.origin}/repos/${this.repo.owner}/${this.repo.name}/pulls/${pr.number}`,
      html_url: `https://github.example/${this.repo.owner}/${this.repo.name}/pull/${pr.number}`,
      state: pr.state,
      merged_at: pr.merged ? "2023-11-14T22:15:00Z" : null,
      title: pr.title,
      body: pr.body,
      draft: pr.draft,
      user: BOT,
      labels: pr.labels.map((name, i) => ({ id: i + 1, name, color: "ededed" })),
      assignees: pr.assignees.map((login) => ({ login })),
      requested_reviewers: pr.reviewers.map((login) => ({ login })),
      head: { ref: pr.head, sha: headSha, label: `${this.repo.owner}:${pr.head}`, repo },
      base: { ref: pr.base, sha: baseSha, label: `${this.repo.owner}:${pr.base}`, repo },
    };
  }

  private async issueJson(pr: PullRequest) {
    const { head: _h, base: _b, requested_reviewers: _r, merged_at: _m, ...issue } = await this.json(pr);
    return { ...issue, pull_request: { url: issue.url, html_url: issue.html_url } };
  }
}

function checkBody(body: string): Reply | undefined {
  if (body.length <= MAX_BODY) return undefined;
  return [422, { message: "Validation Failed", errors: [{ resource: "Issue", field: "body", code: "custom", message: "body is too long (maximum is 65536 characters)" }] }];
}
