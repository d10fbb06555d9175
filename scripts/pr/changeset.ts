import { createHash } from "node:crypto";
import { environmentFolders } from "../lib/synth/pipeline";
import { PROMTOOL_TEST_SUFFIX } from "../../charts/monitoring/promtool-tests";

/**
 * What a run changes in the GitOps repository's generated/ directory: files
 * compared by git blob id (so a base tree can be compared without reading
 * its contents), then described as Kubernetes resources.
 */

/** Paths relative to generated/ (e.g. "production/ml-serving/llm-chat/deployment.yaml") → text. */
export type FileMap = Map<string, string>;

export type ChangeStatus = "added" | "changed" | "removed";

export interface ResourceId {
  kind: string;
  name: string;
  namespace?: string;
}

export interface FileChange {
  path: string;
  status: ChangeStatus;
  before?: string;
  after?: string;
  resource: ResourceId;
}

export interface EnvironmentChanges {
  environment: string;
  changes: FileChange[];
}

export interface PathPlan {
  added: string[];
  changed: string[];
  removed: string[];
}

/** The id git gives a file's content: what GitHub's tree API reports for each blob. */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * Whether a generated/ path lies in one of the folders a run synthesizes
 * (`<env>/` and `argocd/<env>/`): only those may be pruned, other folders
 * belong to other runs.
 */
export function inFolders(folders: string[], path: string): boolean {
  return folders.some((folder) => path.startsWith(`${folder}/`));
}

/** The folders of generated/ an environment's synth writes. */
export const foldersOf = environmentFolders;

/** Compares desired files with the base's blob ids, within the folders the run owns. */
export function planPaths(desired: FileMap, baseBlobs: Map<string, string>, folders: string[]): PathPlan {
  const plan: PathPlan = { added: [], changed: [], removed: [] };
  for (const [path, text] of desired) {
    const baseSha = baseBlobs.get(path);
    if (baseSha === undefined) plan.added.push(path);
    else if (baseSha !== gitBlobSha(text)) plan.changed.push(path);
  }
  for (const path of baseBlobs.keys()) {
    if (!desired.has(path) && inFolders(folders, path)) plan.removed.push(path);
  }
  for (const list of Object.values(plan)) list.sort();
  return plan;
}

export function isEmptyPlan(plan: PathPlan): boolean {
  return plan.added.length + plan.changed.length + plan.removed.length === 0;
}

/** Short, stable name for a change: same changes, same id (used in per-change branch names). */
export function changeId(plan: PathPlan, desired: FileMap): string {
  const hash = createHash("sha256");
  for (const path of [...plan.added, ...plan.changed]) hash.update(`${path}\0${gitBlobSha(desired.get(path)!)}\0`);
  for (const path of plan.removed) hash.update(`${path}\0-\0`);
  return hash.digest("hex").slice(0, 10);
}

/** Groups a plan by environment, with each file's before/after text and resource identity. */
export function describeChanges(plan: PathPlan, before: FileMap, after: FileMap, environments: string[]): EnvironmentChanges[] {
  const change = (path: string, status: ChangeStatus): FileChange => {
    const text = { before: status === "added" ? undefined : before.get(path), after: status === "removed" ? undefined : after.get(path) };
    return { path, status, ...text, resource: resourceOf(path, text.after ?? text.before) };
  };
  const all = [
    ...plan.added.map((path) => change(path, "added")),
    ...plan.changed.map((path) => change(path, "changed")),
    ...plan.removed.map((path) => change(path, "removed")),
  ];
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return environments.map((environment) => ({ environment, changes: all.filter((c) => inFolders(foldersOf(environment), c.path)) }));
}

/** The full before state of the owned folders: desired files with the plan undone. */
export function reconstructBefore(plan: PathPlan, before: FileMap, after: FileMap): FileMap {
  const files = new Map(after);
  for (const path of plan.added) files.delete(path);
  for (const path of [...plan.changed, ...plan.removed]) {
    const text = before.get(path);
    if (text !== undefined) files.set(path, text);
  }
  return files;
}

/** The same texts are read for identity, facts and capacity: parse each once. */
const parsed = new Map<string, Record<string, unknown> | undefined>();
const PARSE_CACHE_LIMIT = 20000;

/**
 * Parses one manifest (callers must not mutate the result: it is shared);
 * unreadable text (hand-edited files in the GitOps repo) yields undefined.
 */
export function parseManifest(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  if (parsed.has(text)) return parsed.get(text);
  let doc: Record<string, unknown> | undefined;
  try {
    // Bun's native parser: a 3,000-file change reads 6,000 manifests, twenty times faster than the yaml package.
    const value: unknown = Bun.YAML.parse(text);
    doc = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    doc = undefined;
  }
  if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
  parsed.set(text, doc);
  return doc;
}

/** The kind shown for a generated promtool test file (not a Kubernetes object). */
export const PROMTOOL_TESTS = "promtool tests";

function resourceOf(path: string, text: string | undefined): ResourceId {
  if (path.endsWith(PROMTOOL_TEST_SUFFIX)) {
    // alert-tests/<env>/<namespace>/<service or _namespace>/prometheusrule[-<name>].promtool-test.yaml
    const parts = path.split("/");
    const file = parts.at(-1)!.slice(0, -PROMTOOL_TEST_SUFFIX.length);
    const name = file.includes("-") ? file.slice(file.indexOf("-") + 1) : parts.at(-2)!;
    return { kind: PROMTOOL_TESTS, name, ...(parts.length >= 5 ? { namespace: parts.at(-3)! } : {}) };
  }
  const doc = parseManifest(text);
  const meta = (doc?.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  if (typeof doc?.kind === "string" && typeof meta.name === "string") {
    return { kind: doc.kind, name: meta.name, ...(typeof meta.namespace === "string" ? { namespace: meta.namespace } : {}) };
  }
  const file = path.split("/").pop()!.replace(/\.ya?ml$/, "");
  return { kind: file.split("-")[0]!, name: path };
}
