import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { parseManifests, policiesOf } from "../../policies/engine";
import { FIXTURES, ROOT, run } from "./helpers";

interface PeerCase {
  check: string;
  upstream: string;
  expect: "pass" | "fail";
  object: string;
  manifests: Array<Record<string, unknown>>;
  /** Why gitops-forge deliberately reaches the other verdict (listed in docs/validate.md). */
  disagreement?: string;
}

const TOOLS = ["polaris", "kube-score", "kube-linter"] as const;

describe.each(TOOLS)("agreement with %s on its fixtures (profile policies/profiles/%s.yaml)", (tool) => {
  const cases = (parse(readFileSync(join(FIXTURES, "peers", `${tool}.yaml`), "utf8")) as { cases: PeerCase[] }).cases;
  const policies = policiesOf(ROOT);

  const label = (c: PeerCase) => `${c.check} ${c.expect}s: ${c.upstream}${c.disagreement ? " (kept disagreement)" : ""}`;
  it.each(cases.map((c) => [label(c), c] as const))("%s", async (_name, c) => {
    const equivalent = policies.filter((p) => p.equivalents[tool]?.includes(c.check)).map((p) => p.id);
    expect(equivalent.length, `no policy is equivalent to ${tool} ${c.check}`).toBeGreaterThan(0);
    const text = c.manifests.map((m) => stringify(m)).join("---\n");
    const report = await run(parseManifests(`${tool}-${c.check}.yaml`, text), { configFile: join(ROOT, "policies/profiles", `${tool}.yaml`), policyIds: equivalent });
    const [kind, name] = c.object.split("/");
    const onObject = report.findings.filter((f) => f.resource.kind === kind && f.resource.name === name);
    const opposite = c.expect === "pass" ? "fail" : "pass";
    expect(onObject.length > 0 ? "fail" : "pass", JSON.stringify(onObject.map((f) => f.message))).toBe(c.disagreement ? opposite : c.expect);
  });

  it("docs/validate.md lists every disagreement kept with it", () => {
    const readme = readFileSync(join(ROOT, "docs/validate.md"), "utf8");
    const unlisted = cases.filter((c) => c.disagreement && !readme.includes(c.upstream)).map((c) => c.upstream);
    expect(unlisted).toEqual([]);
  });
});
