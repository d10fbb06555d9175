import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { policiesOf } from "../../policies/engine";
import { tempDir } from "../helpers/temp-dir";
import { applyVariant, baseline, ROOT, run, summary, type Variant } from "./helpers";

interface ExpectedFinding {
  resource: string;
  path: string;
  message: string;
}

/**
 * A parameter that changes the verdict: the same variant judged with the
 * defaults and with `parameters` set (`alongside` is set in both runs).
 */
interface Setting {
  parameters: Record<string, unknown>;
  alongside?: Record<string, unknown>;
  variant: Variant;
  default: "pass" | ExpectedFinding;
  configured: "pass" | ExpectedFinding;
}

interface Case {
  add?: Array<Record<string, unknown>>;
  pass?: Variant;
  fail: Variant;
  finding: ExpectedFinding;
  settings?: Setting[];
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

  const settings = (c.settings ?? []).map((s) => [Object.entries(s.parameters).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", "), s] as const);
  if (settings.length > 0) it.each(settings)("changes its verdict with %s", async (_name, s) => {
    expect(s.configured, "a setting must change the verdict").not.toEqual(s.default);
    const severity = policies.find((p) => p.id === id)!.severity;
    const findings = (expected: Setting["default"]) => (expected === "pass" ? [] : [{ policy: id, severity, ...expected }]);
    const inputs = applyVariant(base, withShared(s.variant), id);
    const withParameters = async (parameters: Record<string, unknown>) => {
      const config = join(tempDir("policy-setting-"), "config.yaml");
      writeFileSync(config, stringify({ policies: { [id]: { parameters } } }));
      return (await run(inputs, { configFile: config, policyIds: [id] })).findings.map(summary);
    };
    expect(await withParameters(s.alongside ?? {})).toEqual(findings(s.default));
    expect(await withParameters({ ...s.alongside, ...s.parameters })).toEqual(findings(s.configured));
  });
});
