import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../environments/source/errors";
import { loadConfig, type PolicyConfig } from "./config";
import { ApiVersionKindMemo } from "./kind-memo";
import { requireCrdFolder, SchemaRegistry } from "./kubernetes-schema";
import { locateFindings } from "./locate";
import { hasPolicyFiles, loadPolicies } from "./policy-loader";
import { ResourceIndex } from "./resource-index";
import { toResource, type Resource } from "./resources";
import type { Path, ResourceCheck, RuleContext } from "./rule";
import { RULES } from "./rules";
import { runInOnePass } from "./one-pass";
import { prepareSchemaCheck } from "./schema-check";
import { isPolicyActive, policyParameters, resolveSeverity, withTiers } from "./severity";
import { environmentSettingsReader } from "./environment-settings";
import type { Finding, ManifestInput, Policy, PolicyInfo, Report, ResourceRef, Severity, Waiver, WaiverUse } from "./types";
import { isExpired, loadWaivers, targetMatches } from "./waivers";

export interface ValidateOptions {
  /** Repo root holding policies/. */
  root: string;
  environment?: string;
  configFile?: string;
  policyIds?: string[];
  crdsDir?: string;
  now?: Date;
  /** Waiver file; defaults to `<root>/policies/waivers.yaml` when it exists. */
  waiversFile?: string;
}

/** Annotation that exempts an object from one policy: `exempt.gitops-forge.io/<policy-id>: <reason>`. */
const EXEMPTION_PREFIX = "exempt.gitops-forge.io/";

interface RawFinding {
  policy: Policy;
  resource: Resource;
  path: Path;
  message: string;
}

const policyCache = new Map<string, Policy[]>();

/** Policies of a repo, loaded once per process. */
/** The catalogue shipped with the tool, for repositories that keep only their config and waivers. */
const BUNDLED_POLICIES = resolve(import.meta.dirname, "..");

/**
 * The policies of `<root>/policies/`, or the bundled catalogue when that
 * folder holds no policy file (a repository with only its config and waivers).
 */
export function policiesOf(root: string): Policy[] {
  const own = join(resolve(root), "policies");
  const dir = hasPolicyFiles(own) ? own : BUNDLED_POLICIES;
  let policies = policyCache.get(dir);
  if (!policies) policyCache.set(dir, (policies = loadPolicies(dir)));
  return policies;
}

function configFor(root: string, configFile: string | undefined, policies: Policy[]): PolicyConfig {
  const fallback = join(resolve(root), "policies", "config.yaml");
  return loadConfig(configFile ?? (existsSync(fallback) ? fallback : undefined), policies);
}

/** Pauses between slices of the pass over the resources (synth lets its file writes proceed). */
export type Pause = () => Promise<void>;

/** Resources judged between two pauses. */
const SLICE = 256;

/**
 * A validation fed in parts: each `add` judges its objects, each
 * environment on its own when every object has one (objects of different
 * environments go to different clusters, so no rule pairs them), and keeps
 * only the located findings;
 * `finish` adds the waiver findings and sorts the report. The objects of one
 * environment must come in one `add`.
 */
export interface ValidationSession {
  add(inputs: ManifestInput[]): Promise<void>;
  finish(): Report;
}

export async function validateManifests(inputs: ManifestInput[], options: ValidateOptions): Promise<Report> {
  const session = openValidation(options);
  await session.add(inputs);
  return session.finish();
}

export function openValidation(options: ValidateOptions, pause?: Pause): ValidationSession {
  const all = policiesOf(options.root);
  const explicit = (options.policyIds?.length ?? 0) > 0;
  const environment = environmentSettingsReader(resolve(options.root));
  const config = withTiers(explicitlyChosen(configFor(options.root, options.configFile, all), explicit), environment);
  const selected = selectPolicies(all, config, options.policyIds);
  // The repository's waivers when it has some; a file named by the user must exist.
  const defaultWaivers = join(resolve(options.root), "policies", "waivers.yaml");
  const waiversFile = options.waiversFile ?? (existsSync(defaultWaivers) ? defaultWaivers : undefined);
  const waivers = new WaiverLedger(selected, config, loadWaivers(waiversFile, new Set(all.map((p) => p.id))), options.now ?? new Date());
  if (options.crdsDir) requireCrdFolder(options.crdsDir);
  const schemas = new SchemaRegistry([...config.crdDirs, ...(options.crdsDir ? [resolve(options.crdsDir)] : [])]);
  const unvalidated: Array<{ input: ManifestInput; ref: ResourceRef }> = [];
  let resourceCount = 0;

  const policyFailed = (policy: Policy, err: unknown): never => {
    if (err instanceof UserError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new UserError(`policy ${policy.id}: ${message}`, { file: config.file ?? policy.file });
  };

  /** One environment's resources through every selected policy: raw findings in policy order. */
  const evaluate = async (resources: Resource[]): Promise<RawFinding[]> => {
    const index = new ResourceIndex(resources);
    // Findings are kept per policy and joined in policy order, as if each policy had run in turn.
    const found: RawFinding[][] = [];
    const checks: Array<{ check: ResourceCheck; findings: RawFinding[] }> = [];
    for (const policy of selected) {
      const rule = policy.rule ? RULES.get(policy.rule) : undefined;
      if (policy.rule && !rule) continue; // engine rules run below, once waivers are matched
      const findings: RawFinding[] = [];
      found.push(findings);
      const params = policyParameters(policy, config);
      const report = (resource: Resource, path: Path, message: string) =>
        findings.push({ policy, resource, path: [...(resource.input.pathPrefix ?? []), ...path], message });
      try {
        if (!rule) {
          checks.push({ check: prepareSchemaCheck({ policy, params, report }), findings });
          continue;
        }
        const kinds = new Set(policy.kinds);
        const ctx: RuleContext = {
          policy,
          params,
          // Only rules that loop over their resources themselves read the list.
          get resources() {
            return kinds.has("*") ? resources : [...kinds].flatMap((kind) => index.ofKind(kind));
          },
          index,
          schemas,
          report,
          environment,
        };
        if (typeof rule === "function") rule(ctx);
        else checks.push({ check: { policy, evaluate: rule.perResource(ctx) }, findings });
      } catch (err) {
        policyFailed(policy, err);
      }
    }
    const perResource = checks.map((c) => c.check);
    for (let start = 0; start < resources.length; start += SLICE) {
      runInOnePass(perResource, resources.slice(start, start + SLICE), policyFailed);
      if (pause && start + SLICE < resources.length) await pause();
    }
    for (const { check, findings } of checks) inPolicyKindOrder(findings, check.policy);
    return found.flat();
  };

  return {
    async add(inputs) {
      resourceCount += inputs.length;
      const resources = inputs.map((input) => toResource(input, options.environment));
      const groups = byApiVersionKind(resources);
      await schemas.prepare(groups.map((g) => `${g.apiVersion}/${g.kind}`));
      for (const g of groups) {
        if (!schemas.validatorFor(g.apiVersion, g.kind)) for (const i of g.positions) unvalidated.push({ input: inputs[i]!, ref: resources[i]!.ref });
      }
      const sources = new Map(inputs.filter((i) => i.text !== undefined).map((i) => [i.file, i]));
      for (const environment of byEnvironment(resources)) {
        locateFindings(waivers.judge(await evaluate(environment)), sources);
        if (pause) await pause();
      }
    },
    finish() {
      const report = waivers.report();
      report.resources = resourceCount;
      report.unvalidated = unvalidated.sort(compareInputs).map((u) => u.ref);
      report.findings.sort(compareFindings);
      report.waived.sort(compareFindings);
      for (const f of report.findings) report.summary[f.severity]++;
      return report;
    },
  };
}

/**
 * Inputs in the order `validate` reads files (a directory's entries sorted by
 * name, depth first), whatever order they were added in, then by document.
 */
function compareInputs(a: { input: ManifestInput }, b: { input: ManifestInput }): number {
  const x = a.input.file.split(/[\\/]/);
  const y = b.input.file.split(/[\\/]/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return compareText(x[i]!, y[i]!);
  return x.length - y.length || a.input.index - b.input.index || Number(a.input.pathPrefix?.[1] ?? 0) - Number(b.input.pathPrefix?.[1] ?? 0);
}

/**
 * Resources by environment, environments in order of first appearance, each
 * in input order. Objects of no known environment may belong to any of them,
 * so an input holding some is judged as one.
 */
function byEnvironment(resources: Resource[]): Resource[][] {
  const first = resources[0]?.environment;
  if (resources.every((r) => r.environment === first) || resources.some((r) => r.environment === undefined)) return [resources];
  const groups = new Map<string | undefined, Resource[]>();
  for (const r of resources) {
    const group = groups.get(r.environment);
    if (group) group.push(r);
    else groups.set(r.environment, [r]);
  }
  return [...groups.values()];
}

/**
 * A policy sees its kinds one after the other (in the order it lists them),
 * each in input order; checks that ran resource by resource have their
 * findings put back in that order.
 */
function inPolicyKindOrder(findings: RawFinding[], policy: Policy): void {
  const kinds = [...new Set(policy.kinds)];
  if (kinds.length < 2 || kinds.includes("*")) return;
  const rank = new Map(kinds.map((kind, i) => [kind, i]));
  const rankOf = (f: RawFinding) => rank.get(f.resource.ref.kind)!;
  // Usually every finding is of one kind, or already in order: then there is nothing to sort.
  const inOrder = (f: RawFinding, i: number) => {
    const previous = findings[i - 1];
    return !previous || previous.resource.ref.kind === f.resource.ref.kind || rankOf(previous) <= rankOf(f);
  };
  if (findings.every(inOrder)) return;
  findings.sort((a, b) => rankOf(a) - rankOf(b));
}

/** Where the objects of each apiVersion and kind are, pairs in order of first appearance (no key string per object). */
function byApiVersionKind(resources: Resource[]): Array<{ apiVersion: string; kind: string; positions: number[] }> {
  const memo = new ApiVersionKindMemo<number[]>();
  const groups: Array<{ apiVersion: string; kind: string; positions: number[] }> = [];
  const add = (apiVersion: string, kind: string) => {
    const positions: number[] = [];
    groups.push({ apiVersion, kind, positions });
    return positions;
  };
  resources.forEach((r, i) => memo.get(r.ref.apiVersion, r.ref.kind, add).push(i));
  return groups;
}

/** Policies named with --policy run even where the config disables them or a profile leaves them out. */
function explicitlyChosen(config: PolicyConfig, explicit: boolean): PolicyConfig {
  if (!explicit) return config;
  const policies = Object.fromEntries(Object.entries(config.policies).map(([id, { enabled: _enabled, ...rest }]) => [id, rest]));
  const { only: _only, ...rest } = config;
  return { ...rest, policies };
}

function selectPolicies(all: Policy[], config: PolicyConfig, ids: string[] | undefined): Policy[] {
  if (ids && ids.length > 0) {
    const known = new Set(all.map((p) => p.id));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown) throw new UserError(`unknown policy id "${unknown}" (see validate --list)`);
    return all.filter((p) => ids.includes(p.id));
  }
  return all.filter((p) => isPolicyActive(p, config));
}

/**
 * Turns raw findings into report findings, batch after batch: severity per
 * environment, annotation exemptions (if allowed), waivers, and the engine's
 * own findings about forbidden exemptions; at the end, expired and unmatched
 * waivers.
 */
class WaiverLedger {
  private readonly selectedIds: Set<string>;
  private readonly out: Report;
  private readonly uses = new Map<Waiver, number>();
  private readonly annotationUses = new Map<string, WaiverUse>();

  constructor(
    private readonly selected: Policy[],
    private readonly config: PolicyConfig,
    private readonly waivers: Waiver[],
    private readonly now: Date,
  ) {
    this.selectedIds = new Set(selected.map((p) => p.id));
    this.out = { findings: [], waived: [], waivers: [], policies: selected.map(policyInfo), resources: 0, unvalidated: [], summary: { error: 0, warning: 0, info: 0 } };
  }

  private enginePolicy(rule: string): Policy | undefined {
    return this.selected.find((p) => p.rule === rule);
  }

  /** Judges one batch; returns the findings it added (reported and waived), for their lines to be found. */
  judge(raw: RawFinding[]): Finding[] {
    const { config, out } = this;
    const added: Finding[] = [];
    const forbidden = new Set<string>();
    for (const f of raw) {
      const severity = resolveSeverity(f.policy, config, f.resource.environment);
      if (severity === "off") continue;
      const finding = toFinding(f, severity);
      const reason = f.resource.annotations[EXEMPTION_PREFIX + f.policy.id];
      if (reason !== undefined && config.allowAnnotationExemptions) {
        const waived: Finding = { ...finding, waivedBy: { source: "annotation", reason } };
        out.waived.push(waived);
        added.push(waived);
        const key = `${f.resource.input.file}\0${f.resource.input.index}\0${f.policy.id}`;
        const use = this.annotationUses.get(key) ?? {
          source: "annotation" as const,
          policy: f.policy.id,
          target: { ...(f.resource.environment ? { environment: f.resource.environment } : {}), ...(f.resource.ref.namespace ? { namespace: f.resource.ref.namespace } : {}), kind: f.resource.ref.kind, name: f.resource.ref.name },
          reason,
          file: f.resource.input.file,
          findings: 0,
        };
        use.findings++;
        this.annotationUses.set(key, use);
        continue;
      }
      if (reason !== undefined) forbidden.add(`${f.policy.id}\0${f.resource.input.file}\0${f.resource.input.index}`);
      const waiver = this.waivers.find(
        (w) => w.policy === f.policy.id && !isExpired(w, this.now) && targetMatches(w.target, { ...f.resource.ref, environment: f.resource.environment }),
      );
      if (waiver) {
        this.uses.set(waiver, (this.uses.get(waiver) ?? 0) + 1);
        const waived: Finding = { ...finding, waivedBy: { source: "waiver", reason: waiver.reason, owner: waiver.owner } };
        out.waived.push(waived);
        added.push(waived);
      } else {
        out.findings.push(finding);
        added.push(finding);
      }
    }
    const forbiddenPolicy = this.enginePolicy("annotation-exemption-forbidden");
    if (forbiddenPolicy && forbidden.size > 0) {
      for (const f of raw) {
        const key = `${f.policy.id}\0${f.resource.input.file}\0${f.resource.input.index}`;
        const severity = resolveSeverity(forbiddenPolicy, config, f.resource.environment);
        if (!forbidden.delete(key) || severity === "off") continue;
        const path = [...(f.resource.input.pathPrefix ?? []), "metadata", "annotations", EXEMPTION_PREFIX + f.policy.id];
        const message = `annotation exemption from ${f.policy.id} is ignored: the policy config does not allow annotation exemptions`;
        const finding = toFinding({ policy: forbiddenPolicy, resource: f.resource, path, message }, severity);
        out.findings.push(finding);
        added.push(finding);
      }
    }
    return added;
  }

  /** The report so far, with the waivers used and the findings about expired and unmatched waivers. */
  report(): Report {
    const { config, out, now } = this;
    for (const [waiver, count] of this.uses) {
      out.waivers.push({ source: "waiver", policy: waiver.policy, target: waiver.target, reason: waiver.reason, owner: waiver.owner, expires: waiver.expires, file: waiver.file, line: waiver.line, findings: count });
    }
    out.waivers.push(...this.annotationUses.values());
    out.waivers.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.policy, b.policy) || compareText(a.target.name ?? "", b.target.name ?? ""));

    const expired = this.enginePolicy("waiver-expired");
    const unmatched = this.enginePolicy("waiver-unmatched");
    this.waivers.forEach((w, i) => {
      if (!this.selectedIds.has(w.policy)) return;
      const where = { file: w.file, index: 0, path: ["waivers", i], line: w.line, column: 1 };
      const subject = { apiVersion: "gitops-forge.io/v1", kind: "Waiver", name: `${w.policy}#${i + 1}` };
      const [policy, message] = isExpired(w, now)
        ? [expired, `waiver for ${w.policy} (owner ${w.owner}) expired on ${w.expires}`]
        : this.uses.has(w) ? [undefined, ""] : [unmatched, `waiver for ${w.policy} (owner ${w.owner}) matches no finding`];
      const severity = policy ? resolveSeverity(policy, config, w.target.environment) : "off";
      if (policy && severity !== "off") out.findings.push({ policy: policy.id, severity, message, resource: subject, ...where });
    });
    return out;
  }
}

function policyInfo(p: Policy): PolicyInfo {
  return { id: p.id, title: p.title, category: p.category, severity: p.severity, rationale: p.rationale, remediation: p.remediation, docs: p.docs };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toFinding(f: RawFinding, severity: Severity): Finding {
  const finding: Finding = { policy: f.policy.id, severity, message: f.message, resource: f.resource.ref, file: f.resource.input.file, index: f.resource.input.index, path: f.path };
  if (f.resource.environment) finding.environment = f.resource.environment;
  return finding;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.index - b.index ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.policy, b.policy) ||
    compareText(a.message, b.message)
  );
}
