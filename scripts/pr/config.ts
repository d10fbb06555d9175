import type { ResolvedEnvironment } from "../../environments/schema";
import { ENVIRONMENTS_DIR } from "../../environments/load-environment";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError, type SourceLocation } from "../../environments/source/errors";
import { parseYamlMapping } from "../../environments/source/yaml-source";
import type { RepositoryId } from "./github";

/**
 * Where each environment's change goes (the `gitops` section of
 * environments/<env>.yaml), and which environments share one pull request:
 * those with the same repository, base branch, path prefix and branch.
 */
export interface Delivery {
  environment: string;
  production: boolean;
  repository: RepositoryId;
  baseBranch: string;
  /** Folder holding generated/ in the GitOps repository, "" or ending with "/". */
  pathPrefix: string;
  /** Bot branch pattern: {env} and {changeset} are replaced. */
  branch: string;
  labels: string[];
  reviewers: string[];
  assignees: string[];
  draft: boolean;
}

export interface DeliveryGroup {
  environments: Delivery[];
  repository: RepositoryId;
  baseBranch: string;
  pathPrefix: string;
  branchPattern: string;
}

/** `root` is where the environment files were read, to point at the line of a refused field. */
export function deliveryOf(env: ResolvedEnvironment, root: string): Delivery {
  const at = (field: string) => whereWritten(root, env, ["gitops", field]);
  const gitops = env.gitops;
  if (!gitops) throw new UserError(`environment "${env.name}" has no gitops section: pr needs gitops.repository`, { file: `${ENVIRONMENTS_DIR}/${env.name}.yaml`, path: "gitops" });
  const [owner, name] = gitops.repository.split("/") as [string, string];
  const prefix = gitops.pathPrefix.replace(/^\/+|\/+$/g, "");
  if (prefix.split("/").some((s) => s === ".." || s === ".")) {
    throw new UserError(`must be a folder inside the repository, not ${gitops.pathPrefix}`, at("pathPrefix"));
  }
  const branch = gitops.branch.replaceAll("{env}", env.name);
  if (!isBranchName(branch.replaceAll("{changeset}", "0"))) {
    throw new UserError(`"${gitops.branch}" does not make a valid branch name`, at("branch"));
  }
  if (branch === gitops.baseBranch) throw new UserError("the bot branch must differ from the base branch", at("branch"));
  return {
    environment: env.name,
    production: env.tier === "production",
    repository: { owner, name },
    baseBranch: gitops.baseBranch,
    pathPrefix: prefix ? `${prefix}/` : "",
    branch,
    labels: gitops.labels,
    reviewers: gitops.reviewers,
    assignees: gitops.assignees,
    draft: gitops.draft,
  };
}

export function groupDeliveries(deliveries: Delivery[]): DeliveryGroup[] {
  const groups = new Map<string, DeliveryGroup>();
  for (const d of deliveries) {
    const key = [d.repository.owner, d.repository.name, d.baseBranch, d.pathPrefix, d.branch].join("\0").toLowerCase();
    const group = groups.get(key);
    if (group) group.environments.push(d);
    else groups.set(key, { environments: [d], repository: d.repository, baseBranch: d.baseBranch, pathPrefix: d.pathPrefix, branchPattern: d.branch });
  }
  return [...groups.values()];
}

/** The file (child first along `extends`) and line where a field of the environment was written. */
function whereWritten(root: string, env: ResolvedEnvironment, path: string[]): SourceLocation {
  for (const file of env.sources) {
    const doc = parseYamlMapping(file, readFileSync(join(root, file), "utf8"));
    const value = path.reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc.value);
    if (value !== undefined) return { file, ...doc.locate(path), path: path.join(".") };
  }
  return { file: env.sources[0] ?? `${ENVIRONMENTS_DIR}/${env.name}.yaml`, path: path.join(".") };
}

/** git check-ref-format rules, enough to refuse what GitHub would refuse. */
function isBranchName(name: string): boolean {
  return (
    /^[^\s~^:?*[\\\x00-\x1f\x7f]+$/.test(name) &&
    !name.includes("..") &&
    !name.includes("@{") &&
    !name.includes("//") &&
    !/(^[/.]|[/.]$|\.lock$|\/\.)/.test(name)
  );
}
