import {
  describeChanges,
  foldersOf,
  isEmptyPlan,
  planPaths,
  reconstructBefore,
  type EnvironmentChanges,
  type FileMap,
  type PathPlan,
} from "./changeset";
import { summarize, type EnvironmentSummary } from "./summary";
import { listBlobs, readBlobs, runGit, type GitOptions } from "./git-cli";

/**
 * The state a change is built on, wherever it comes from (GitHub's API, a
 * local git ref, a fetched remote): blob ids to compare cheaply, contents
 * read only for the files that differ.
 */
export interface BaseSnapshot {
  commit: string;
  /** Blob id of every file under the base's generated/ directory, by path relative to it. */
  blobs: Map<string, string>;
  read(paths: string[]): Promise<FileMap>;
}

export interface EnvironmentTarget {
  name: string;
  production: boolean;
}

export interface ChangePlan {
  paths: PathPlan;
  desired: FileMap;
  changes: EnvironmentChanges[];
  summaries: EnvironmentSummary[];
}

/** Compares desired files with a base; undefined when the base already holds them. */
export async function planChange(desired: FileMap, base: BaseSnapshot, environments: EnvironmentTarget[]): Promise<ChangePlan | undefined> {
  const names = environments.map((e) => e.name);
  const paths = planPaths(desired, base.blobs, names.flatMap(foldersOf));
  if (isEmptyPlan(paths)) return undefined;
  const previous = await base.read([...paths.changed, ...paths.removed]);
  const before = reconstructBefore(paths, previous, desired);
  const changes = describeChanges(paths, previous, desired, names);
  const summaries = environments.map((env, i) => summarize(changes[i]!, before, desired, env.production));
  return { paths, desired, changes, summaries };
}

/** A base read from a local git repository at any ref. */
export async function localBase(rev: string, generatedDir: string, git: GitOptions): Promise<BaseSnapshot> {
  const out = await runGit(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { ...git, allowFailure: true });
  if (!out.ok) throw new UnknownRevisionError(rev);
  const commit = out.text.trim();
  const blobs = await listBlobs(commit, generatedDir, git);
  return {
    commit,
    blobs,
    async read(paths) {
      const texts = await readBlobs(paths.map((p) => blobs.get(p)!), git);
      return new Map(paths.map((p, i) => [p, texts[i]!]));
    },
  };
}

export class UnknownRevisionError extends Error {
  constructor(readonly rev: string) {
    super(`unknown git revision "${rev}"`);
  }
}
