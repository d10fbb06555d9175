import { App, ApiObject } from "cdk8s";
import type { ResolvedEnvironment } from "../../../environments/schema";
import { EnvironmentChart } from "../../../charts/environment-chart";
import { listEnvironments, loadEnvironment } from "../config/load-environment";
import { UserError } from "../errors";
import { manifestPath, type ManifestIdentity } from "../output/layout";
import { toYaml } from "../output/yaml";

export type Manifest = ManifestIdentity & Record<string, unknown>;

/** One folder of `generated/`: an environment, or a folder shared by all of them. */
export interface OutputFolder {
  /** Folder name under `generated/` (the environment name for an environment). */
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
 * environment files -> charts -> manifests -> YAML, all in memory. Loads and
 * checks every requested environment before building any, so bad input fails
 * before anything could be written.
 */
export function synthesize(root: string, only?: string[]): SynthesisResult {
  const available = listEnvironments(root);
  for (const name of only ?? []) {
    if (!available.includes(name)) throw new UserError(`unknown environment "${name}" (available: ${available.join(", ")})`);
  }
  const names = only?.length ? [...new Set(only)].sort() : available;
  const environments = names.map((name) => loadEnvironment(root, name));
  const folders = environments.map((env) => renderFolder(env.name, buildEnvironment(env)));
  return { environments, folders };
}

/** The objects of one environment, in construct order. */
export function buildEnvironment(env: ResolvedEnvironment): Manifest[] {
  const chart = new EnvironmentChart(new App(), env);
  return chart.node.findAll().filter((n): n is ApiObject => n instanceof ApiObject).map((o) => o.toJson() as Manifest);
}

/** Lays objects out as files, one object per file, refusing two objects on one path. */
export function renderFolder(folder: string, manifests: Manifest[]): OutputFolder {
  const objects = new Map<string, Manifest>();
  for (const manifest of manifests) {
    const path = manifestPath(manifest);
    const clash = objects.get(path);
    if (clash) throw new UserError(`${folder}: ${manifest.kind}/${manifest.metadata.name} and ${clash.kind}/${clash.metadata.name} would both be written to ${path}`);
    objects.set(path, manifest);
  }
  const files = new Map<string, string>();
  for (const path of [...objects.keys()].sort()) files.set(path, toYaml(objects.get(path)));
  return { folder, files, objects: new Map([...objects].sort(([a], [b]) => (a < b ? -1 : 1))) };
}
