/**
 * The generated rules and unit tests, run through the real promtool: every
 * alert fires on its firing series and stays silent on its quiet series, and a
 * rule that drifts from its tests makes promtool fail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  environmentRuleGroups,
  namespaceRuleGroups,
  prometheusRule,
  ruleFileOf,
  serviceRuleGroups,
  type RuleGroup,
} from "../../charts/monitoring/alert-rules";
import { promtoolTestsText } from "../../charts/monitoring/promtool-tests";
import { findPromtool, runPromtool, writeRuleTestSet } from "../../scripts/lib/promtool";
import { loadSample } from "./sample-environment";

const promtool = findPromtool();
const inCi = process.env.CI === "true";
if (!promtool && !inCi) console.warn("promtool not found on PATH: skipping promtool tests (apt-get install prometheus)");

describe.skipIf(!promtool && !inCi)("generated rules under the real promtool", () => {
  let dir: string;
  const sample = loadSample();
  const sets: Record<string, RuleGroup[]> = {
    ranker: serviceRuleGroups(sample.ranker),
    "llm-chat": serviceRuleGroups(sample.llmChat),
    environment: environmentRuleGroups(sample.environment),
    namespace: namespaceRuleGroups(sample.namespace),
  };

  beforeAll(() => {
    if (!promtool) throw new Error("promtool is not installed; CI must install it (apt-get install prometheus)");
    dir = mkdtempSync(join(tmpdir(), "gitops-forge-alerts-"));
    for (const [name, groups] of Object.entries(sets)) {
      // As in a deployment: the rule groups come out of the PrometheusRule object.
      const object = prometheusRule({ name, namespace: "monitoring", labels: {} }, groups);
      writeRuleTestSet(dir, name, { rules: ruleFileOf(object), tests: promtoolTestsText(groups, `${name}.rules.yaml`) });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(sets))("promtool check rules accepts the %s rules", (name) => {
    const run = runPromtool(promtool!, ["check", "rules", `${name}.rules.yaml`], dir);
    expect(run.output).toContain(`SUCCESS: ${sets[name]!.flatMap((g) => [...(g.records ?? []), ...g.rules]).length} rules found`);
    expect(run.code).toBe(0);
  });

  it.each(Object.keys(sets))("promtool test rules passes for %s: each alert fires and stays quiet as generated", (name) => {
    const run = runPromtool(promtool!, ["test", "rules", `${name}.promtool-test.yaml`], dir);
    expect(run.output).toContain("SUCCESS");
    expect(run.code).toBe(0);
  });

  /** Runs a set's tests against its rule file with one rule (alert or record) edited; the file is restored after. */
  function testWithEditedRule(set: string, name: string, edit: (rule: { expr: string; annotations: Record<string, string> }) => void) {
    const ruleFile = join(dir, `${set}.rules.yaml`);
    const original = readFileSync(ruleFile, "utf8");
    try {
      const rules = parse(original) as { groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string; annotations: Record<string, string> }> }> };
      edit(rules.groups.flatMap((g) => g.rules).find((r) => r.alert === name || r.record === name)!);
      writeFileSync(ruleFile, stringify(rules));
      return runPromtool(promtool!, ["test", "rules", `${set}.promtool-test.yaml`], dir);
    } finally {
      writeFileSync(ruleFile, original);
    }
  }

  it("fails when a rule's threshold no longer matches its firing series", () => {
    const run = testWithEditedRule("ranker", "ErrorRatioHigh", (rule) => {
      rule.expr = rule.expr.replace(/> 0\.01$/, "> 0.99");
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("alertname: ErrorRatioHigh");
  });

  it("fails when an annotation renders differently from what the tests expect", () => {
    const run = testWithEditedRule("llm-chat", "GPUMemoryNearlyFull", (rule) => {
      rule.annotations.description = rule.annotations.description!.replace("humanizePercentage", "humanize");
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("alertname: GPUMemoryNearlyFull");
  });

  it("fails when the burn-rate thresholds no longer match the fast and slow burns their tests play", () => {
    const page = testWithEditedRule("llm-chat", "ErrorBudgetBurnFast", (rule) => {
      rule.expr = rule.expr.replaceAll("> 0.0144", "> 0.5").replaceAll("> 0.006", "> 0.5");
    });
    expect(page.code).not.toBe(0);
    expect(page.output).toContain("alertname: ErrorBudgetBurnFast");
    const ticket = testWithEditedRule("llm-chat", "ErrorBudgetBurnSlow", (rule) => {
      rule.expr = rule.expr.replaceAll("> 0.003", "> 0.03").replaceAll("> 0.001", "> 0.01");
    });
    expect(ticket.code).not.toBe(0);
    expect(ticket.output).toContain("alertname: ErrorBudgetBurnSlow");
  });

  it("fails when a recording rule records something else than its tests expect", () => {
    const run = testWithEditedRule("llm-chat", "slo:sli_error:ratio_rate1h", (rule) => {
      rule.expr = rule.expr.replace('status=~"5.."', 'status=~"4.."');
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("slo:sli_error:ratio_rate1h");
  });

  it("rejects a broken expression in check rules", () => {
    writeFileSync(join(dir, "broken.rules.yaml"), stringify({ groups: [{ name: "x", rules: [{ alert: "Broken", expr: "rate(x[5m]", for: "5m" }] }] }));
    const run = runPromtool(promtool!, ["check", "rules", "broken.rules.yaml"], dir);
    expect(run.code).not.toBe(0);
  });
});

