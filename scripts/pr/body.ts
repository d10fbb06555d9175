import Handlebars from "handlebars";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../environments/source/errors";
import { hunkLines, SECRET_HIDDEN } from "./patch";
import { PROMTOOL_TESTS, type EnvironmentChanges, type FileChange } from "./changeset";
import { label, type Capacity, type EnvironmentSummary, type RiskFlag } from "./summary";
import { peerText } from "./network";
import { mermaidFlowchart } from "./graph";
import { capacityChart, RESOURCES } from "./capacity-chart";
import type { Provenance, SourceStamp } from "./provenance";

/**
 * Renders the pull request's title and body from handlebars templates
 * (scripts/pr/templates, each overridable by a same-named file in a
 * templates directory of the repository), keeping the body under GitHub's
 * limit by cutting the diff section first, then the longest tables.
 */
export const BODY_LIMIT = 65536;
/** Room kept for the hidden provenance marker and the truncation notice. */
const RESERVE = 1024;
const MAX_FILE_DIFF = 20000;
/** Rows per table, tried in turn until the body without diffs fits. */
const ROW_LIMITS = [400, 200, 100, 50, 20];
const MAX_POLICY_REPORT = 15000;
/** Below this much room no file's diff fits: stop looking. */
const MIN_DIFF_SECTION = 200;

/**
 * The order the diff budget is spent in: what runs (workloads, then batch jobs), who may talk
 * to it (network), what guards it (policies), then the rest, and generated
 * promtool tests last: they follow from the rules already shown.
 */
const REVIEW_ORDER: string[][] = [
  ["Deployment", "StatefulSet", "DaemonSet", "Rollout"],
  ["Job", "CronJob"],
  ["NetworkPolicy", "Service", "Ingress"],
  ["HorizontalPodAutoscaler", "PodDisruptionBudget", "ResourceQuota", "LimitRange", "AppProject", "Namespace", "ServiceAccount"],
];

function reviewRank(change: FileChange): number {
  if (change.resource.kind === PROMTOOL_TESTS) return REVIEW_ORDER.length + 1;
  const rank = REVIEW_ORDER.findIndex((kinds) => kinds.includes(change.resource.kind));
  return rank < 0 ? REVIEW_ORDER.length : rank;
}

export function byReviewOrder(changes: FileChange[]): FileChange[] {
  return changes.map((change) => ({ change, rank: reviewRank(change) })).sort((a, b) => a.rank - b.rank).map((x) => x.change);
}

const TEMPLATES = ["title", "body", "environment", "policy", "provenance", "diff-file"] as const;
type TemplateName = (typeof TEMPLATES)[number];

export interface PolicySummary {
  errors: number;
  warnings: number;
  markdown: string;
}

export interface Target {
  repository: string;
  baseBranch: string;
  branch: string;
}

export interface BodyInput {
  changes: EnvironmentChanges[];
  summaries: EnvironmentSummary[];
  policy?: PolicySummary;
  allowViolations: boolean;
  provenance: Provenance;
  target: Target;
}

export interface RenderedPullRequest {
  title: string;
  body: string;
  risk: RiskLevel;
}

export type RiskLevel = "high" | "medium" | "low";

export class BodyRenderer {
  private readonly templates: Record<TemplateName, Handlebars.TemplateDelegate>;

  constructor(overrideDir?: string) {
    const hbs = Handlebars.create();
    hbs.registerHelper("cell", (value: unknown) => cell(value));
    hbs.registerHelper("code", (value: unknown) => new hbs.SafeString(inlineCode(String(value ?? ""))));
    hbs.registerHelper("fence", (text: string, lang: string) => new hbs.SafeString(fence(text, lang)));
    hbs.registerHelper(MARKDOWN_ESCAPE, (value: unknown) => (value instanceof hbs.SafeString ? value.toString() : escapeHtml(String(value ?? ""))));
    const compile = (name: TemplateName) => {
      const custom = overrideDir ? join(overrideDir, `${name}.hbs`) : undefined;
      const file = custom && existsSync(custom) ? custom : fileURLToPath(new URL(`./templates/${name}.hbs`, import.meta.url));
      const text = readFileSync(file, "utf8");
      let ast: hbs.AST.Program;
      try {
        // compile() defers parsing to the first render: parse now, so a broken template fails before any write.
        ast = hbs.parse(text);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const line = /on line (\d+)/.exec(message)?.[1];
        throw new UserError(`template does not parse: ${message.split("\n").pop()}`, { file, ...(line ? { line: Number(line) } : {}) });
      }
      return hbs.compile(escapedForMarkdown(ast, new Set(Object.keys(hbs.helpers))), { strict: false, noEscape: true });
    };
    const compiled = Object.fromEntries(TEMPLATES.map((name) => [name, compile(name)]));
    for (const partial of ["environment", "policy", "provenance"] as const) hbs.registerPartial(partial, compiled[partial]!);
    this.templates = compiled as Record<TemplateName, Handlebars.TemplateDelegate>;
  }

  /**
   * The pull request body, or with `local` the summary `diff` prints: per-file
   * diffs only when asked, and no hidden provenance marker.
   */
  render(input: BodyInput, local?: { withDiff: boolean }): RenderedPullRequest {
    const withDiff = local ? local.withDiff : true;
    const flags = input.summaries.flatMap((s) => s.risks.map((r) => ({ environment: s.environment, ...r })));
    const risk = riskLevel(input.summaries);
    const allChanges = input.changes.flatMap((e) => e.changes);
    const view = {
      allowViolations: input.allowViolations,
      policy: input.policy && { ...input.policy, markdown: cut(input.policy.markdown, MAX_POLICY_REPORT, "policy report cut; run `validate` for all of it") },
      provenance: input.provenance,
      target: input.target,
      risk: { level: risk, flagged: flags.length > 0, flags, omitted: 0 },
      environments: input.changes.map((env, i) => environmentView(env, input.summaries[i]!)),
      diffs: [] as string[],
      diffNotice: "",
    };
    const marker = local ? "" : provenanceMarker(input.provenance);
    const title = this.templates.title(view).trim();

    // The body without diffs decides how much room the diffs get.
    let skeleton = this.templates.body(view);
    const full = view.environments.map((env) => ({ resources: env.resources, facts: env.facts, network: env.network }));
    for (const rows of ROW_LIMITS) {
      if (skeleton.length + RESERVE <= BODY_LIMIT) break;
      view.environments.forEach((env, i) => limitRows(env, full[i]!, rows));
      view.risk.flags = flags.slice(0, rows);
      view.risk.omitted = flags.length - view.risk.flags.length;
      skeleton = this.templates.body(view);
    }
    // Diffs are rendered one by one until the room runs out: 3,000 files need not all be diffed.
    let budget = BODY_LIMIT - RESERVE - skeleton.length;
    const files = withDiff ? byReviewOrder(allChanges) : [];
    for (const change of files) {
      if (budget < MIN_DIFF_SECTION) break;
      // A whole added or removed file is at least its own length: no need to diff it to know it will not fit.
      if (change.status !== "changed" && (change.after ?? change.before ?? "").length > budget) continue;
      const section = this.templates["diff-file"](diffView(change));
      // One large file does not keep the smaller ones after it out.
      if (section.length + 1 > budget) continue;
      view.diffs.push(section);
      budget -= section.length + 1;
    }
    if (view.diffs.length < files.length) {
      view.diffNotice = `Diff truncated: ${view.diffs.length} of ${files.length} file(s) shown to stay under GitHub's ${BODY_LIMIT}-character limit. Run \`gitops-forge diff\` locally for the full diff.`;
    }
    let body = `${this.templates.body(view).trimEnd()}\n${marker ? `\n${marker}\n` : ""}`;
    if (body.length > BODY_LIMIT) {
      const notice = "\n\n> [!NOTE]\n> Body truncated to stay under GitHub's limit.\n\n";
      body = body.slice(0, BODY_LIMIT - notice.length - marker.length - 1) + notice + marker + "\n";
    }
    return { title, body, risk };
  }
}

export function riskLevel(summaries: EnvironmentSummary[]): RiskLevel {
  if (summaries.some((s) => s.production && s.risks.length > 0)) return "high";
  return summaries.some((s) => s.risks.length > 0) ? "medium" : "low";
}

/** Hidden in the rendered body: which source commit a pull request's content comes from. */
export function provenanceMarker(p: Provenance): string {
  return `<!-- gitops-forge: source-commit=${p.commit} committed-at=${p.committedAt} -->`;
}

export function readProvenanceMarker(body: string | null | undefined): SourceStamp | undefined {
  const m = /<!-- gitops-forge: source-commit=(\S+) committed-at=(\S+) -->/.exec(body ?? "");
  return m ? { commit: m[1]!, committedAt: m[2]! } : undefined;
}

interface EnvironmentView {
  name: string;
  production: boolean;
  counts: Record<"added" | "changed" | "removed", number>;
  resources: { status: string; kind: string; namespace: string; name: string; path: string }[];
  resourcesOmitted: number;
  facts: EnvironmentSummary["facts"];
  factsTotal: number;
  factsOmitted: number;
  capacity: ReturnType<typeof capacityRows>;
  risks: RiskFlag[];
  network: ReturnType<typeof networkRows>;
  networkOmitted: number;
  /** Mermaid flowchart of the services and who may call whom; empty without services. */
  graph: string;
  graphOmitted: number;
  capacityChart?: string;
}

function environmentView(env: EnvironmentChanges, summary: EnvironmentSummary): EnvironmentView {
  const count = (status: string) => env.changes.filter((c) => c.status === status).length;
  return {
    name: env.environment,
    production: summary.production,
    counts: { added: count("added"), changed: count("changed"), removed: count("removed") },
    resources: env.changes.map((c) => ({ status: c.status, kind: c.resource.kind, namespace: c.resource.namespace ?? "", name: c.resource.name, path: c.path })),
    resourcesOmitted: 0,
    facts: summary.facts,
    factsTotal: summary.facts.length,
    factsOmitted: 0,
    capacity: capacityRows(summary.capacity),
    risks: summary.risks,
    network: networkRows(summary),
    networkOmitted: 0,
    graph: summary.graph.nodes.length ? mermaidFlowchart(summary.graph) : "",
    graphOmitted: summary.graph.omitted,
    capacityChart: capacityChart(summary.capacity),
  };
}

/** Widenings first: they are what a reviewer must judge. */
function networkRows(summary: EnvironmentSummary) {
  return [...summary.network]
    .sort((a, b) => (a.change === b.change ? 0 : a.change === "widened" ? -1 : 1))
    .map((d) => ({
      change: d.change,
      workload: d.workload,
      direction: d.direction === "ingress" ? "in from" : "out to",
      peer: peerText(d.grant.peer, d.namespace),
      port: d.grant.port,
      policies: d.policies.join(", "),
    }));
}

function limitRows(env: EnvironmentView, full: Pick<EnvironmentView, "resources" | "facts" | "network">, rows: number): void {
  env.network = full.network.slice(0, rows);
  env.networkOmitted = full.network.length - env.network.length;
  env.resources = full.resources.slice(0, rows);
  env.resourcesOmitted = full.resources.length - env.resources.length;
  env.facts = full.facts.slice(0, rows);
  env.factsOmitted = full.facts.length - env.facts.length;
}

function capacityRows(c: { before: Capacity; after: Capacity }) {
  const side = (key: "gpu" | "cpu" | "memory", end: "min" | "max", fmt: (n: number) => string) => {
    const delta = c.after[key][end] - c.before[key][end];
    return { before: fmt(c.before[key][end]), after: fmt(c.after[key][end]), delta: delta === 0 ? "±0" : delta > 0 ? `+${fmt(delta)}` : `-${fmt(-delta)}` };
  };
  return RESOURCES.map(({ label, key, format }) => ({ label, min: side(key, "min", format), max: side(key, "max", format) }));
}

function diffView(change: FileChange) {
  const lines = hunkLines(change);
  return {
    status: change.status,
    path: change.path,
    resource: label(change),
    additions: (lines ?? []).filter((l) => l.startsWith("+")).length,
    deletions: (lines ?? []).filter((l) => l.startsWith("-")).length,
    patch: lines ? cut(lines.join("\n"), MAX_FILE_DIFF, "diff of this file cut") : SECRET_HIDDEN,
  };
}

function cut(text: string, max: number, notice: string): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${notice} at ${max} characters)` : text;
}

const MARKDOWN_ESCAPE = "markdownEscape";

/**
 * Handlebars escapes ' ` and = as HTML entities, which GitHub shows verbatim
 * inside code spans and tables. Every `{{...}}` is routed through a helper
 * that escapes only what Markdown would read as HTML (& < >); `{{{...}}}`
 * and SafeStrings stay raw, as in Handlebars.
 */
function escapedForMarkdown(program: hbs.AST.Program, helpers: Set<string>): hbs.AST.Program {
  for (const node of program.body) {
    if (node.type === "MustacheStatement") {
      const m = node as hbs.AST.MustacheStatement;
      if (!m.escaped || m.path.type !== "PathExpression") continue;
      const path = m.path as hbs.AST.PathExpression;
      const call = m.params.length > 0 || m.hash !== undefined || helpers.has(path.original);
      const value: hbs.AST.Expression = call ? ({ type: "SubExpression", path, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression) : path;
      m.path = { type: "PathExpression", data: false, depth: 0, parts: [MARKDOWN_ESCAPE], original: MARKDOWN_ESCAPE, loc: m.loc } as hbs.AST.PathExpression;
      m.params = [value];
      m.hash = undefined as unknown as hbs.AST.Hash;
    } else if (node.type === "BlockStatement") {
      const block = node as hbs.AST.BlockStatement;
      if (block.program) escapedForMarkdown(block.program, helpers);
      if (block.inverse) escapedForMarkdown(block.inverse, helpers);
    }
  }
  return program;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Table cells: no line breaks, pipes escaped, HTML escaped (GitHub renders HTML in markdown). */
function cell(value: unknown): Handlebars.SafeString {
  if (value === undefined || value === null || value === "") return new Handlebars.SafeString("—");
  const text = escapeHtml(String(value)).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  return new Handlebars.SafeString(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}

function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text.replace(/\r?\n/g, " ")}${pad}${ticks}`;
}

/** A code block whose fence is longer than any backtick run inside, so content cannot close it. */
function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}
