import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { policiesOf } from "../../policies/engine";
import { applyVariant, baseline, ROOT, run, summary, type Variant } from "./helpers";

interface Case {
  add?: Array<Record<string, unknown>>;
  pass?: Variant;
  fail: Variant;
  finding: { resource: string; path: string; message: string };
}

const CASES_DIR = join(ROOT, "test/validate/cases");
const ENGINE_POLICIES = new Set(["waiver-expired", "waiver-unmatched", "annotation-exemption-forbidden"]);
const policies = policiesOf(ROOT);
const base = baseline();

function load(id: string): Case {
  return parse(readFileSync(join(CASES_DIR, `${id}.yaml`), "utf8")) as Case;
}

describe("policy catalogue", () => {
  it("has a pass/fail case for every policy the engine does not evaluate itself", () => {
    const cases = new Set(readdirSync(CASES_DIR).map((f) => f.replace(/\.yaml$/, "")));
    const missing = policies.filter((p) => !ENGINE_POLICIES.has(p.id) && !cases.has(p.id)).map((p) => p.id);
    expect(missing).toEqual([]);
    const orphan = [...cases].filter((id) => !policies.some((p) => p.id === id));
    expect(orphan).toEqual([]);
  });

  it("passes the compliant baseline service with the whole catalogue", async () => {
    const report = await run(base);
    expect(report.findings.map(summary)).toEqual([]);
    expect(report.unvalidated).toEqual([]);
    expect(report.resources).toBe(13);
  });
});

describe.each(policies.filter((p) => !ENGINE_POLICIES.has(p.id)).map((p) => p.id))("policy %s", (id) => {
  const c = load(id);
  const withShared = (v: Variant | undefined): Variant => ({ add: [...(c.add ?? []), ...(v?.add ?? [])], patch: v?.patch ?? [] });

  it("passes", async () => {
    const report = await run(applyVariant(base, withShared(c.pass), id), { policyIds: [id] });
    expect(report.findings.map(summary)).toEqual([]);
  });

  it("fails with the exact finding", async () => {
    const report = await run(applyVariant(base, withShared(c.fail), id), { policyIds: [id] });
    const policy = policies.find((p) => p.id === id)!;
    expect(report.findings.map(summary)).toEqual([{ policy: id, severity: policy.severity, ...c.finding }]);
  });
});
