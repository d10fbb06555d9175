import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../environments/schema";
import { UserError } from "../../scripts/lib/errors";
import { deliveryOf, groupDeliveries } from "../../scripts/pr/config";

type GitOps = NonNullable<ResolvedEnvironment["gitops"]>;
const gitops = (over: Partial<GitOps> = {}): GitOps => ({
  repository: "acme/ml-gitops",
  baseBranch: "main",
  pathPrefix: "",
  branch: "gitops-forge/{env}",
  labels: [],
  reviewers: [],
  assignees: [],
  draft: false,
  ...over,
});
/** Only the fields delivery reads; the rest of an environment does not matter here. */
const env = (name: string, g: GitOps | undefined, tier = "staging") => ({ name, tier, gitops: g }) as unknown as ResolvedEnvironment;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    return (err as UserError).message;
  }
  throw new Error("expected a refusal");
}

describe("delivery config from environments/<env>.yaml", () => {
  it("resolves the branch pattern and the path prefix", () => {
    const d = deliveryOf(env("production", gitops({ pathPrefix: "/clusters/eu/", branch: "deploy/{env}-{changeset}" }), "production"));
    expect(d).toMatchObject({ environment: "production", production: true, pathPrefix: "clusters/eu/", branch: "deploy/production-{changeset}", repository: { owner: "acme", name: "ml-gitops" } });
  });

  it("names the file and field of what it refuses", () => {
    expect(refusal(() => deliveryOf(env("dev", undefined)))).toBe('environments/dev.yaml gitops: environment "dev" has no gitops section: pr needs gitops.repository');
    expect(refusal(() => deliveryOf(env("dev", gitops({ branch: "bot..{env}" }))))).toBe('environments/dev.yaml gitops.branch: "bot..{env}" does not make a valid branch name');
    expect(refusal(() => deliveryOf(env("dev", gitops({ branch: "main" }))))).toBe("environments/dev.yaml gitops.branch: the bot branch must differ from the base branch");
    expect(refusal(() => deliveryOf(env("dev", gitops({ pathPrefix: "../other" }))))).toBe("environments/dev.yaml gitops.pathPrefix: must be a folder inside the repository, not ../other");
  });

  it("puts environments with the same target in one pull request, others apart", () => {
    const shared = gitops({ branch: "gitops-forge/all" });
    const groups = groupDeliveries([deliveryOf(env("dev", shared)), deliveryOf(env("staging", shared)), deliveryOf(env("production", gitops()))]);
    expect(groups.map((g) => g.environments.map((e) => e.environment))).toEqual([["dev", "staging"], ["production"]]);
  });
});
