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
import type { Finding, ManifestInput, Policy, PolicyInfo, Report, Severity, Waiver, WaiverUse } from "./types";
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

export async function validateManifests(inputs: ManifestInput[], options: ValidateOptions): Promise<Report> {
  const all = policiesOf(options.root);
  const explicit = (options.policyIds?.length ?? 0) > 0;
  const environment = environmentSettingsReader(resolve(options.root));
  const config = withTiers(explicitlyChosen(configFor(options.root, options.configFile, all), explicit), environment);
  const selected = selectPolicies(all, config, options.policyIds);
  // The repository's waivers when it has some; a file named by the user must exist.
  const defaultWaivers = join(resolve(options.root), "policies", "waivers.yaml");
  const waiversFile = options.waiversFile ?? (existsSync(defaultWaivers) ? defaultWaivers : undefined);
  const waivers = loadWaivers(waiversFile, new Set(all.map((p) => p.id)));
  const now = options.now ?? new Date();

  const resources = inputs.map((input) => toResource(input, options.environment));
  const index = new ResourceIndex(resources);
  if (options.crdsDir) requireCrdFolder(options.crdsDir);
  const schemas = new SchemaRegistry([...config.crdDirs, ...(options.crdsDir ? [resolve(options.crdsDir)] : [])]);
  const groups = byApiVersionKind(resources);
  await schemas.prepare(groups.map((g) => `${g.apiVersion}/${g.kind}`));

  const policyFailed = (policy: Policy, err: unknown): never => {
    if (err instanceof UserError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new UserError(`policy ${policy.id}: ${message}`, { file: config.file ?? policy.file });
  };
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
  runInOnePass(checks.map((c) => c.check), resources, policyFailed);
  for (const { check, findings } of checks) inPolicyKindOrder(findings, check.policy);
  const raw = found.flat();

  const report = applyWaivers(raw, selected, config, waivers, now);
  report.resources = resources.length;
  report.unvalidated = groups
    .filter((g) => !schemas.validatorFor(g.apiVersion, g.kind))
    .flatMap((g) => g.positions)
    .sort((a, b) => a - b)
    .map((i) => resources[i]!.ref);
  const sources = new Map(inputs.filter((i) => i.text !== undefined).map((i) => [i.file, i]));
  locateFindings([...report.findings, ...report.waived], sources);
  report.findings.sort(compareFindings);
  report.waived.sort(compareFindings);
  for (const f of report.findings) report.summary[f.severity]++;
  return report;
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
 * Turns raw findings into the report: severity per environment, annotation
 * exemptions (if allowed), waivers, and the engine's own findings about
 * expired and unmatched waivers and forbidden exemptions.
 */
function applyWaivers(raw: RawFinding[], selected: Policy[], config: PolicyConfig, waivers: Waiver[], now: Date): Report {
  const selectedIds = new Set(selected.map((p) => p.id));
  const enginePolicy = (rule: string) => selected.find((p) => p.rule === rule);
  const report: Report = { findings: [], waived: [], waivers: [], policies: selected.map(policyInfo), resources: 0, unvalidated: [], summary: { error: 0, warning: 0, info: 0 } };
  const uses = new Map<Waiver, number>();
  const annotationUses = new Map<string, WaiverUse>();
  const forbidden = new Set<string>();

  for (const f of raw) {
    const severity = resolveSeverity(f.policy, config, f.resource.environment);
    if (severity === "off") continue;
    const finding = toFinding(f, severity);
    const reason = f.resource.annotations[EXEMPTION_PREFIX + f.policy.id];
    if (reason !== undefined && config.allowAnnotationExemptions) {
      report.waived.push({ ...finding, waivedBy: { source: "annotation", reason } });
      const key = `${f.resource.input.file}\0${f.resource.input.index}\0${f.policy.id}`;
      const use = annotationUses.get(key) ?? {
        source: "annotation" as const,
        policy: f.policy.id,
        target: { ...(f.resource.environment ? { environment: f.resource.environment } : {}), ...(f.resource.ref.namespace ? { namespace: f.resource.ref.namespace } : {}), kind: f.resource.ref.kind, name: f.resource.ref.name },
        reason,
        file: f.resource.input.file,
        findings: 0,
      };
      use.findings++;
      annotationUses.set(key, use);
      continue;
    }
    if (reason !== undefined) forbidden.add(`${f.policy.id}\0${f.resource.input.file}\0${f.resource.input.index}`);
    const waiver = waivers.find(
      (w) => w.policy === f.policy.id && !isExpired(w, now) && targetMatches(w.target, { ...f.resource.ref, environment: f.resource.environment }),
    );
    if (waiver) {
      uses.set(waiver, (uses.get(waiver) ?? 0) + 1);
      report.waived.push({ ...finding, waivedBy: { source: "waiver", reason: waiver.reason, owner: waiver.owner } });
    } else {
      report.findings.push(finding);
    }
  }

  for (const [waiver, count] of uses) {
    report.waivers.push({ source: "waiver", policy: waiver.policy, target: waiver.target, reason: waiver.reason, owner: waiver.owner, expires: waiver.expires, file: waiver.file, line: waiver.line, findings: count });
  }
  report.waivers.push(...annotationUses.values());
  report.waivers.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.policy, b.policy) || compareText(a.target.name ?? "", b.target.name ?? ""));

  const expired = enginePolicy("waiver-expired");
  const unmatched = enginePolicy("waiver-unmatched");
  waivers.forEach((w, i) => {
    if (!selectedIds.has(w.policy)) return;
    const where = { file: w.file, index: 0, path: ["waivers", i], line: w.line, column: 1 };
    const subject = { apiVersion: "gitops-forge.io/v1", kind: "Waiver", name: `${w.policy}#${i + 1}` };
    const [policy, message] = isExpired(w, now)
      ? [expired, `waiver for ${w.policy} (owner ${w.owner}) expired on ${w.expires}`]
      : uses.has(w) ? [undefined, ""] : [unmatched, `waiver for ${w.policy} (owner ${w.owner}) matches no finding`];
    const severity = policy ? resolveSeverity(policy, config, w.target.environment) : "off";
    if (policy && severity !== "off") report.findings.push({ policy: policy.id, severity, message, resource: subject, ...where });
  });
  const forbiddenPolicy = enginePolicy("annotation-exemption-forbidden");
  if (forbiddenPolicy) {
    for (const f of raw) {
      const key = `${f.policy.id}\0${f.resource.input.file}\0${f.resource.input.index}`;
      const severity = resolveSeverity(forbiddenPolicy, config, f.resource.environment);
      if (!forbidden.delete(key) || severity === "off") continue;
      const path = [...(f.resource.input.pathPrefix ?? []), "metadata", "annotations", EXEMPTION_PREFIX + f.policy.id];
      const message = `annotation exemption from ${f.policy.id} is ignored: the policy config does not allow annotation exemptions`;
      report.findings.push(toFinding({ policy: forbiddenPolicy, resource: f.resource, path, message }, severity));
    }
  }
  return report;
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
