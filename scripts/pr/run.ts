import type { OutputFolder } from "../lib/synth/pipeline";
import { UserError } from "../../environments/source/errors";
import { changeId, foldersOf, type FileMap, type PathPlan } from "./changeset";
import { BodyRenderer, type PolicySummary, type RenderedPullRequest } from "./body";
import { groupDeliveries, type Delivery, type DeliveryGroup } from "./config";
import { createGitHubClient, GitHubTransport, type ClientOptions } from "./github";
import { GitRemoteTransport } from "./git-transport";
import { localBase, planChange, UnknownRevisionError, type BaseSnapshot, type ChangePlan } from "./plan";
import { combinePolicies } from "./policy";
import { trailers, withoutCredentials, type Provenance } from "./provenance";

/**
 * `pr` for synthesized output: per group of environments sharing a target,
 * compare with the base branch and write (or, in a dry run, print) the change.
 */
export interface Synthesized {
  deliveries: Delivery[];
  folders: OutputFolder[];
  /** Policy summary per environment; undefined when no policy engine ran. */
  policy?: Map<string, PolicySummary>;
}

export interface RunOptions {
  root: string;
  dryRun: boolean;
  allowViolations: boolean;
  transport: "github" | "git";
  /** Git transport: the remote to push to. */
  remote?: string;
  /** Dry run: read the base from this local git ref instead of GitHub. */
  baseRef?: string;
  templatesDir?: string;
  provenance: Provenance;
  token?: string;
  apiUrl?: string;
  client?: Omit<ClientOptions, "token" | "baseUrl">;
  print: (text: string) => void;
}

/** up-to-date: the base holds the content; pull-up-to-date: the open PR does, and nothing was written. */
export type Outcome = "up-to-date" | "pull-up-to-date" | "closed-stale" | "would-open" | "created" | "updated" | "superseded" | "pushed" | "unchanged";

export interface GroupResult {
  environments: string[];
  branch?: string;
  outcome: Outcome;
  number?: number;
  url?: string;
  paths?: PathPlan;
}

/** What a run needs before it starts: checked first, so nothing is synthesized in vain. */
export function checkPublishOptions(opts: Pick<RunOptions, "transport" | "dryRun" | "token" | "remote">): void {
  if (opts.transport === "github" && !opts.dryRun && !opts.token) {
    throw new UserError("no GitHub token: set GITHUB_TOKEN or GH_TOKEN (or use --dry-run, or --transport git)");
  }
  if (opts.transport === "git" && !opts.remote) throw new UserError("--transport git needs --remote URL");
}

export async function runPr(input: Synthesized, opts: RunOptions): Promise<GroupResult[]> {
  checkPublishOptions(opts);
  const renderer = new BodyRenderer(opts.templatesDir);
  const results: GroupResult[] = [];
  for (const group of groupDeliveries(input.deliveries)) results.push(await runGroup(group, input, renderer, opts));
  return results;
}

/** What one group of environments proposes: its files and where they go. */
interface Scope {
  names: string[];
  desired: FileMap;
  generatedDir: string;
  targets: { name: string; production: boolean }[];
}

function runGroup(group: DeliveryGroup, input: Synthesized, renderer: BodyRenderer, opts: RunOptions): Promise<GroupResult> {
  const names = group.environments.map((e) => e.environment);
  const owned = names.flatMap(foldersOf);
  const desired: FileMap = new Map();
  for (const folder of input.folders.filter((f) => owned.includes(f.folder))) {
    for (const [path, text] of folder.files) desired.set(`${folder.folder}/${path}`, text);
  }
  const scope: Scope = {
    names,
    desired,
    generatedDir: `${group.pathPrefix}generated/`,
    targets: group.environments.map((e) => ({ name: e.environment, production: e.production })),
  };
  const propose = (plan: ChangePlan, where: string) => prepare(group, plan, input, renderer, opts, where);
  return opts.transport === "git" ? viaGit(group, scope, propose, opts) : viaGitHub(group, scope, propose, opts);
}

type Propose = (plan: ChangePlan, where: string) => ReturnType<typeof prepare>;

async function viaGit(group: DeliveryGroup, scope: Scope, propose: Propose, opts: RunOptions): Promise<GroupResult> {
  const remote = withoutCredentials(opts.remote!);
  const git = await GitRemoteTransport.open(opts.remote!);
  try {
    const base = await git.readBase(group.baseBranch, scope.generatedDir);
    const plan = await planChange(scope.desired, base, scope.targets);
    if (!plan) return upToDate(scope.names, opts, `${remote} ${group.baseBranch}`);
    const { branch, render } = propose(plan, remote);
    const rendered = render(opts.provenance);
    if (opts.dryRun) return wouldOpen(scope, branch, plan, rendered, opts);
    const message = commitMessage(rendered, opts.provenance);
    const pushed = await git.push({ base, branch, generatedDir: scope.generatedDir, paths: plan.paths, desired: scope.desired, message, provenance: opts.provenance });
    const who = scope.names.join(", ");
    opts.print(
      pushed.action === "superseded"
        ? `${who}: ${branch} already holds a newer change; left it alone.\n`
        : `${who}: ${pushed.action === "pushed" ? "pushed" : "already pushed"} ${pushed.commit.slice(0, 12)} to ${branch} on ${remote}.\n` +
            `${who}: open a pull/merge request from ${branch} into ${group.baseBranch} with:\n\nTitle: ${rendered.title}\n\n${rendered.body}`,
    );
    return { environments: scope.names, branch, outcome: pushed.action, paths: plan.paths };
  } finally {
    await git.close();
  }
}

async function viaGitHub(group: DeliveryGroup, scope: Scope, propose: Propose, opts: RunOptions): Promise<GroupResult> {
  const slug = `${group.repository.owner}/${group.repository.name}`;
  const github = new GitHubTransport(createGitHubClient({ ...opts.client, token: opts.token, baseUrl: opts.apiUrl }), group.repository);
  const remoteBase = opts.dryRun && opts.baseRef ? undefined : await github.readBase(group.baseBranch, scope.generatedDir).catch((err) => {
    // Without a token only public repositories can be read.
    if (!opts.token && err instanceof UserError) throw new UserError(`${err.message} (no token: set GITHUB_TOKEN, or use --base-ref to compare with a local ref)`);
    throw err;
  });
  const base = remoteBase ?? (await readLocalBase(opts.baseRef!, scope.generatedDir, opts.root));
  const plan = await planChange(scope.desired, base, scope.targets);
  if (!plan) {
    const result = upToDate(scope.names, opts, remoteBase ? `${slug} ${group.baseBranch}` : `${opts.baseRef} (local)`);
    // A branch named after its change cannot be found without one; others may hold a stale PR.
    if (opts.dryRun || group.branchPattern.includes("{changeset}")) return result;
    const closed = await github.closeStale(group.branchPattern, group.baseBranch, opts.provenance);
    if (closed === undefined) return result;
    opts.print(`${scope.names.join(", ")}: closed #${closed}: ${slug} ${group.baseBranch} already holds this content.\n`);
    return { ...result, outcome: "closed-stale", number: closed };
  }
  const { branch, render, delivery } = propose(plan, slug);
  const rendered = render(opts.provenance);
  if (opts.dryRun || !remoteBase) return wouldOpen(scope, branch, plan, rendered, opts);
  const result = await github.publish({
    base: remoteBase,
    baseBranch: group.baseBranch,
    branch,
    generatedDir: scope.generatedDir,
    paths: plan.paths,
    desired: scope.desired,
    title: rendered.title,
    bodyFor: (provenance) => (provenance === opts.provenance ? rendered : render(provenance)).body,
    labels: [...delivery.labels, ...scope.names.map((name) => `env/${name}`), `risk/${rendered.risk}`],
    reviewers: delivery.reviewers,
    assignees: delivery.assignees,
    draft: delivery.draft,
    message: commitMessage(rendered, opts.provenance),
    provenance: opts.provenance,
  });
  const who = scope.names.join(", ");
  for (const warning of result.warnings) opts.print(`${who}: warning: ${warning}\n`);
  opts.print(
    result.action === "superseded"
      ? `${who}: #${result.number} already proposes a newer change (${result.url}); left it alone.\n`
      : result.action === "up-to-date"
        ? `${who}: up to date: #${result.number} already holds this change (${result.url})\n`
        : `${who}: ${result.action === "created" ? "opened" : "updated"} #${result.number}: ${result.url} (${countLine(plan.paths)})\n`,
  );
  const outcome = result.action === "up-to-date" ? "pull-up-to-date" : result.action;
  return { environments: scope.names, branch, outcome, number: result.number, url: result.url, paths: plan.paths };
}

function prepare(group: DeliveryGroup, plan: ChangePlan, input: Synthesized, renderer: BodyRenderer, opts: RunOptions, repository: string) {
  const branch = group.branchPattern.replaceAll("{changeset}", changeId(plan.paths, plan.desired));
  const policies = group.environments.map((e) => input.policy?.get(e.environment)).filter((p): p is PolicySummary => p !== undefined);
  const policy = combinePolicies(policies);
  // The provenance is the content's: an unchanged branch keeps the one it was written with.
  const render = (provenance: Provenance) =>
    renderer.render({
      changes: plan.changes,
      summaries: plan.summaries,
      policy,
      allowViolations: opts.allowViolations && (policy?.errors ?? 0) > 0,
      provenance,
      target: { repository, baseBranch: group.baseBranch, branch },
    });
  const union = (pick: (d: Delivery) => string[]) => [...new Set(group.environments.flatMap(pick))];
  const delivery = {
    labels: union((d) => d.labels),
    reviewers: union((d) => d.reviewers),
    assignees: union((d) => d.assignees),
    draft: group.environments.some((d) => d.draft),
  };
  return { branch, render, delivery };
}

function commitMessage(rendered: RenderedPullRequest, provenance: Provenance): string {
  return `${rendered.title}\n\n${trailers(provenance)}\n`;
}

function upToDate(names: string[], opts: RunOptions, where: string): GroupResult {
  opts.print(`${names.join(", ")}: up to date with ${where}\n`);
  return { environments: names, outcome: "up-to-date" };
}

function wouldOpen(scope: Scope, branch: string, plan: ChangePlan, rendered: RenderedPullRequest, opts: RunOptions): GroupResult {
  const generatedDir = scope.generatedDir;
  const lines = [
    ...plan.paths.added.map((p) => `  added    ${generatedDir}${p}`),
    ...plan.paths.changed.map((p) => `  changed  ${generatedDir}${p}`),
    ...plan.paths.removed.map((p) => `  removed  ${generatedDir}${p}`),
  ];
  opts.print(`${scope.names.join(", ")}: dry run: would write ${branch} (${countLine(plan.paths)}):\n${lines.join("\n")}\n\nTitle: ${rendered.title}\n\n${rendered.body}`);
  return { environments: scope.names, branch, outcome: "would-open", paths: plan.paths };
}

function countLine(paths: PathPlan): string {
  return `${paths.added.length} added, ${paths.changed.length} changed, ${paths.removed.length} removed`;
}

async function readLocalBase(ref: string, generatedDir: string, root: string): Promise<BaseSnapshot> {
  try {
    return await localBase(ref, generatedDir, { cwd: root });
  } catch (err) {
    if (err instanceof UnknownRevisionError) throw new UserError(`--base-ref: ${err.message} in ${root}`);
    throw err;
  }
}
