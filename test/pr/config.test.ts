import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../environments/schema";
import { UserError } from "../../environments/source/errors";
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

/** Environment files on disk (child first), for the line numbers of refused fields. */
const root = mkdtempSync(join(tmpdir(), "pr-config-"));
mkdirSync(join(root, "environments"));
writeFileSync(join(root, "environments/base.yaml"), "abstract: true\ngitops:\n  repository: acme/ml-gitops\n  branch: bot..{env}\n");
writeFileSync(join(root, "environments/dev.yaml"), "extends: base\ntier: development\ngitops:\n  pathPrefix: ../other\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Only the fields delivery reads; the rest of an environment does not matter here. */
const env = (name: string, g: GitOps | undefined, tier = "staging") =>
  ({ name, tier, gitops: g, sources: [`environments/${name}.yaml`, "environments/base.yaml"] }) as unknown as ResolvedEnvironment;

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
    const d = deliveryOf(env("production", gitops({ pathPrefix: "/clusters/eu/", branch: "deploy/{env}-{changeset}" }), "production"), root);
    expect(d).toMatchObject({ environment: "production", production: true, pathPrefix: "clusters/eu/", branch: "deploy/production-{changeset}", repository: { owner: "acme", name: "ml-gitops" } });
  });

  it("names the file, line and field of what it refuses, following extends", () => {
    expect(refusal(() => deliveryOf(env("dev", undefined), root))).toBe('environments/dev.yaml gitops: environment "dev" has no gitops section: pr needs gitops.repository');
    expect(refusal(() => deliveryOf(env("dev", gitops({ branch: "bot..{env}" })), root))).toBe('environments/base.yaml:4:3 gitops.branch: "bot..{env}" does not make a valid branch name');
    expect(refusal(() => deliveryOf(env("dev", gitops({ pathPrefix: "../other" })), root))).toBe("environments/dev.yaml:4:3 gitops.pathPrefix: must be a folder inside the repository, not ../other");
    expect(refusal(() => deliveryOf(env("dev", gitops({ branch: "main" })), root))).toBe("environments/base.yaml:4:3 gitops.branch: the bot branch must differ from the base branch");
  });

  it("puts environments with the same target in one pull request, others apart", () => {
    const shared = gitops({ branch: "gitops-forge/all" });
    const groups = groupDeliveries([deliveryOf(env("dev", shared), root), deliveryOf(env("staging", shared), root), deliveryOf(env("production", gitops()), root)]);
    expect(groups.map((g) => g.environments.map((e) => e.environment))).toEqual([["dev", "staging"], ["production"]]);
  });
});
