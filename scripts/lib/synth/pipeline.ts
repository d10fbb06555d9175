import { App, ApiObject } from "cdk8s";
import { MAX_LABEL_VALUE, type ResolvedEnvironment } from "../../../environments/schema";
import { EnvironmentChart, type EnvironmentChartOptions } from "../../../charts/environment-chart";
import { manifestOf } from "../../../charts/_to-json";
import { ArgoCdChart, groupKinds } from "../../../charts/delivery/argocd-chart";
import type { Chart } from "cdk8s";
import { PROMTOOL_TEST_SUFFIX } from "../../../charts/monitoring/promtool-tests";
import type { TestedRules } from "../../../charts/operations/alert-rules";
import { listEnvironments } from "../../../environments/load-environment";
import { loadAllChartEnvironments, loadChartEnvironments } from "../../../charts/load-environment";
import { UserError } from "../../../environments/source/errors";
import { manifestPath, type ManifestIdentity } from "../output/layout";
import { renderManifest } from "../output/yaml-by-shape";

export type Manifest = ManifestIdentity & Record<string, unknown>;

/** Folder of `generated/` holding the Argo CD objects, one subfolder per environment. */
export const ARGOCD_FOLDER = "argocd";
/** Folder of `generated/` holding the promtool unit tests of the alert rules, one subfolder per environment. */
export const ALERT_TESTS_FOLDER = "alert-tests";
/** Folders of `generated/` shared by all environments; no environment may take their names. */
export const SHARED_FOLDERS = [ARGOCD_FOLDER, ALERT_TESTS_FOLDER];

/** The folders of `generated/` an environment owns: its manifests, its Argo CD objects, its alert tests. */
export function environmentFolders(environment: string): string[] {
  return [environment, ...SHARED_FOLDERS.map((shared) => `${shared}/${environment}`)];
}

/** One folder of `generated/`, replaced as a whole: `<env>` or `argocd/<env>`. */
export interface OutputFolder {
  /** Path under `generated/`. */
  folder: string;
  /** Path inside the folder -> YAML text. */
  files: Map<string, string>;
  /** Path inside the folder -> the object it holds. */
  objects: Map<string, Manifest>;
}

export interface SynthesisResult {
  environments: ResolvedEnvironment[];
  folders: OutputFolder[];
}

/**
 * Reads and checks the requested environments (all by default), failing
 * before anything is built, with every mistake found in any of them.
 */
export function loadEnvironments(root: string, only?: string[]): ResolvedEnvironment[] {
  if (!only?.length) return loadAllChartEnvironments(root);
  const available = listEnvironments(root);
  for (const name of only ?? []) {
    if (!available.includes(name)) throw new UserError(`unknown environment "${name}" (available: ${available.join(", ")})`);
  }
  return loadChartEnvironments(root, [...new Set(only)].sort());
}

/**
 * environment -> charts -> manifests -> YAML, in memory: its own folder and,
 * with operations (the default), its Argo CD folder.
 */
export function synthesizeEnvironment(env: ResolvedEnvironment, options: EnvironmentChartOptions = {}): OutputFolder[] {
  const { manifests, alertTests } = buildOutputs(env, options);
  checkObjectIdentities(env, manifests);
  const own = renderFolder(env.name, manifests);
  if (options.operations === false) return [own];
  return [own, renderFolder(`${ARGOCD_FOLDER}/${env.name}`, buildDelivery(env, manifests), deliveryPath), alertTests];
}

/**
 * The loader refuses every input known to make two objects of one name or a
 * label value too long; this catches any it missed, still before anything is
 * written.
 */
function checkObjectIdentities(env: ResolvedEnvironment, manifests: Manifest[]): void {
  const seen = new Set<string>();
  const file = env.sources[0] ?? env.name;
  for (const { apiVersion, kind, metadata } of manifests) {
    const identity = `${apiVersion} ${kind} ${metadata.namespace ?? ""}/${metadata.name}`;
    if (seen.has(identity)) throw new UserError(`two ${kind} objects would be named ${metadata.namespace ? `${metadata.namespace}/` : ""}${metadata.name}; rename the service or namespace that produces the second`, { file });
    seen.add(identity);
    for (const [key, value] of Object.entries(metadata.labels ?? {})) {
      if (value.length > MAX_LABEL_VALUE) throw new UserError(`${kind} ${metadata.name}: label ${key} would be ${value.length} characters, more than ${MAX_LABEL_VALUE}`, { file });
    }
  }
}

/**
 * The manifests and alert tests of an environment. The construct tree is
 * dropped on return, before the YAML is rendered: it is the bulk of the heap,
 * and every collection during rendering would walk it again.
 */
function buildOutputs(env: ResolvedEnvironment, options: EnvironmentChartOptions): { manifests: Manifest[]; alertTests: OutputFolder } {
  const chart = new EnvironmentChart(new App(), env, options);
  const manifests = chart.objects.map(manifestOfObject);
  const rules = new Set(chart.alertRules.map((r) => r.rule));
  const ruleManifests = new Map<ApiObject, Manifest>();
  chart.objects.forEach((object, i) => {
    if (rules.has(object)) ruleManifests.set(object, manifests[i]!);
  });
  return { manifests, alertTests: alertTestsFolder(env.name, chart.alertRules, ruleManifests) };
}

/**
 * `alert-tests/<env>/<path of the PrometheusRule>.promtool-test.yaml`: the
 * promtool tests mirror the rules' layout, outside the folder Argo CD syncs
 * (they are not Kubernetes objects).
 */
function alertTestsFolder(envName: string, alertRules: TestedRules[], ruleManifests: Map<ApiObject, Manifest>): OutputFolder {
  const files = new Map<string, string>();
  for (const rules of alertRules) {
    files.set(manifestPath(ruleManifests.get(rules.rule)!).replace(/\.yaml$/, PROMTOOL_TEST_SUFFIX), rules.promtoolTests());
  }
  return { folder: `${ALERT_TESTS_FOLDER}/${envName}`, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), objects: new Map() };
}

/** Every requested environment at once (for callers that need the whole picture, such as pr). */
export function synthesize(root: string, only?: string[]): SynthesisResult {
  const environments = loadEnvironments(root, only);
  return { environments, folders: environments.flatMap((env) => synthesizeEnvironment(env)) };
}

/** The objects of one environment, in construct order. */
export function buildEnvironment(env: ResolvedEnvironment, options: EnvironmentChartOptions = {}): Manifest[] {
  return new EnvironmentChart(new App(), env, options).objects.map(manifestOfObject);
}

/** The Argo CD objects that deliver an environment's manifests. */
export function buildDelivery(env: ResolvedEnvironment, manifests: Manifest[]): Manifest[] {
  return manifestsOf(new ArgoCdChart(new App(), env, groupKinds(manifests)));
}

function manifestsOf(chart: Chart): Manifest[] {
  return chart.node.findAll().filter((n): n is ApiObject => n instanceof ApiObject).map(manifestOfObject);
}

const manifestOfObject = (object: ApiObject) => manifestOf(object) as Manifest;

/** `argocd/<env>/<kind>.yaml`: one AppProject and one Application or ApplicationSet per environment. */
function deliveryPath(manifest: Manifest): string {
  return `${manifest.kind.toLowerCase()}.yaml`;
}

/** Lays objects out as files, one object per file, refusing two objects on one path. */
export function renderFolder(folder: string, manifests: Manifest[], pathOf: (m: Manifest) => string = manifestPath): OutputFolder {
  const objects = new Map<string, Manifest>();
  for (const manifest of manifests) {
    const path = pathOf(manifest);
    const clash = objects.get(path);
    if (clash) throw new UserError(`${folder}: ${manifest.kind}/${manifest.metadata.name} and ${clash.kind}/${clash.metadata.name} would both be written to ${path}`);
    objects.set(path, manifest);
  }
  const files = new Map<string, string>();
  for (const path of [...objects.keys()].sort()) files.set(path, renderManifest(objects.get(path)!));
  return { folder, files, objects: new Map([...objects].sort(([a], [b]) => (a < b ? -1 : 1))) };
}
