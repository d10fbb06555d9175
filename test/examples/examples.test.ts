/**
 * The five reference platforms of ../shared/seeds, kept working: each example
 * under examples/ synthesizes, validates at production severity with no error,
 * and carries its guide's Kubernetes facts into the manifests, fact by fact.
 * Facts the format cannot express yet are listed as todo with their reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { removeScratch, runCommand } from "../helpers/repo";
import { judge, resolvePath, type Fact } from "./fact";
import { EXAMPLES_DIR, exampleNames, namedPortsFor, runExample, type ExampleRun } from "./example-run";

const names = exampleNames();
const tables = new Map<string, Fact[]>();
for (const name of names) {
  const file = join(import.meta.dirname, `${name}.facts.ts`);
  if (existsSync(file)) tables.set(name, ((await import(file)) as { facts: Fact[] }).facts);
}

afterAll(() => {
  const all = [...tables.values()].flat();
  const pendingCount = all.filter((fact) => fact.pending !== undefined).length;
  console.log(`examples: ${all.length - pendingCount} facts expressed exactly and checked, ${pendingCount} pending (of ${all.length}, ${tables.size} examples)`);
});

const describeFact = (fact: Fact) => `${fact.manifest} ${fact.path} = ${JSON.stringify(fact.expected)} (${fact.guide})`;

it("every example has a table of facts, and every table an example", () => {
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((name) => !tables.has(name))).toEqual([]);
  for (const name of names) expect(existsSync(join(EXAMPLES_DIR, name, "environments"))).toBe(true);
});

for (const name of names) {
  const facts = tables.get(name) ?? [];
  const expressed = facts.filter((fact) => fact.pending === undefined);
  const pending = facts.filter((fact) => fact.pending !== undefined);

  describe(`examples/${name}`, () => {
    let run: ExampleRun;
    beforeAll(() => {
      run = runExample(name);
    });
    afterAll(() => {
      if (run) removeScratch(run.root);
      console.log(`examples/${name}: ${expressed.length} facts expressed exactly and checked, ${pending.length} pending (of ${facts.length})`);
    });

    it("synthesizes into a scratch folder", () => {
      expect(run.synth.stderr).toBe("");
      expect(run.synth.code).toBe(0);
    });

    it("passes validate at production severity with no error", () => {
      const report = JSON.parse(run.validate.stdout || "{}") as {
        findings?: Array<{ severity: string; policy: string; message: string }>;
        waivers?: Array<{ policy: string; findings: number }>;
      };
      const errors = (report.findings ?? []).filter((f) => f.severity === "error").map((f) => `${f.policy}: ${f.message}`);
      expect(run.validate.stderr).toBe("");
      expect(errors).toEqual([]);
      expect(run.validate.code).toBe(0);
      // Each waiver the example carries answers a finding the guide causes.
      expect((report.waivers ?? []).filter((w) => w.findings === 0).map((w) => w.policy)).toEqual([]);
    });

    it("its alert rules pass promtool (check rules, and test rules with the generated tests)", () => {
      const promtool = runCommand("alert-tests", ["--dir", join(run.root, "generated")], { cwd: run.root });
      expect(promtool.code, promtool.stdout + promtool.stderr).toBe(0);
    });

    /** Where the fact's value is, and whether it is the guide's. */
    const check = (fact: Fact) => {
      const folder = run.manifests.get(fact.env ?? "production");
      const manifest = folder?.get(fact.manifest);
      if (!manifest) return { ok: false, why: `no ${fact.manifest} among the ${fact.env ?? "production"} manifests` };
      const found = resolvePath(manifest, fact.path);
      if (found.missing !== undefined) return { ok: false, why: `${fact.manifest} has nothing at ${fact.path} (stops at ${found.missing})` };
      const verdict = judge(fact, found.value, namedPortsFor(manifest, folder!));
      return { ok: verdict.ok, why: `${fact.manifest} ${fact.path}: expected ${JSON.stringify(fact.expected)} (${fact.match ?? "equals"}), found ${JSON.stringify(verdict.actual)}` };
    };

    for (const fact of expressed) {
      it(describeFact(fact), () => {
        const { ok, why } = check(fact);
        expect(ok, why).toBe(true);
      });
    }

    for (const fact of pending) it.todo(`pending (${fact.pending}): ${describeFact(fact)}`);

    it("lists no fact as pending that the manifests already carry", () => {
      expect(pending.filter((fact) => check(fact).ok).map(describeFact)).toEqual([]);
    });
  });
}
