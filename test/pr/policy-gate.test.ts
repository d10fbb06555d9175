import { describe, expect, it } from "vitest";
import { UserError } from "../../environments/source/errors";
import { BodyRenderer } from "../../scripts/pr/body";
import { enforcePolicies } from "../../scripts/pr/policy";
import { provenance } from "./fixtures";

const failing = new Map([
  ["production", { errors: 2, warnings: 1, markdown: "| error | pdb-required | Deployment ml-serving/search |" }],
  ["staging", { errors: 0, warnings: 3, markdown: "clean" }],
]);

describe("the policy gate of pr", () => {
  it("refuses error-level violations with exit 1 and shows the failing report", () => {
    const shown: string[] = [];
    let err: unknown;
    try {
      enforcePolicies(failing, false, (t) => shown.push(t));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(1);
    expect((err as UserError).message).toBe("error-level policy violations (production: 2): fix them or pass --allow-violations");
    expect(shown).toEqual(["| error | pdb-required | Deployment ml-serving/search |\n"]);
  });

  it("lets warnings through without a word", () => {
    const shown: string[] = [];
    enforcePolicies(new Map([["staging", failing.get("staging")!]]), false, (t) => shown.push(t));
    expect(shown).toEqual([]);
  });

  it("with --allow-violations goes on, and the PR body says so at the top", () => {
    enforcePolicies(failing, true, () => {});
    const { body } = new BodyRenderer().render({
      changes: [{ environment: "production", changes: [] }],
      summaries: [{ environment: "production", production: true, facts: [], risks: [], network: [], graph: { nodes: [], edges: [], omitted: 0 }, capacity: { before: zero(), after: zero() } }],
      policy: failing.get("production"),
      allowViolations: true,
      provenance: provenance("d".repeat(40)),
      target: { repository: "acme/ml-gitops", baseBranch: "main", branch: "gitops-forge/production" },
    });
    expect(body.startsWith("> [!CAUTION]\n> Opened with `--allow-violations`: the policy report below has 2 error-level violation(s).")).toBe(true);
    expect(body).toContain("| error | pdb-required | Deployment ml-serving/search |");
  });
});

function zero() {
  return { gpu: { min: 0, max: 0 }, cpu: { min: 0, max: 0 }, memory: { min: 0, max: 0 } };
}
