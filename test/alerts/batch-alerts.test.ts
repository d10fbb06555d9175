/**
 * Hook Job and CronJob alerts under the real promtool: JobFailed fires on a
 * failed Job of the namespace and stays quiet otherwise; CronJobTooOld fires
 * when a CronJob's last success (or, never having succeeded, its creation) is
 * older than its schedule's interval plus a margin, for each interval, and
 * stays quiet while runs succeed. A rule that drifts makes promtool fail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { namespaceRuleGroups, prometheusRule, ruleFileOf, type RuleGroup } from "../../charts/monitoring/alert-rules";
import { promtoolTestsText } from "../../charts/monitoring/promtool-tests";
import { longestIntervalSeconds } from "../../environments/cron";
import { findPromtool, runPromtool, writeRuleTestSet } from "../../scripts/lib/promtool";

const promtool = findPromtool();
const inCi = process.env.CI === "true";

const cron = (name: string, schedule: string) => ({ name, team: "ml-platform", everySeconds: longestIntervalSeconds(schedule) });
const groups: RuleGroup[] = namespaceRuleGroups({
  environment: "production",
  namespace: "ml-serving",
  runbookBaseUrl: "https://runbooks.example.com",
  services: [],
  jobs: [{ name: "db-migrate", team: "ml-platform" }, cron("db-dump", "30 2 * * *"), cron("model-mirror", "0 */6 * * *"), cron("cache-warm", "*/15 * * * *")],
});
const rules = groups.flatMap((g) => g.rules);
const rule = (alert: string) => rules.find((r) => r.alert === alert)!;

describe("the rules", () => {
  it("join the namespace's workload rules, one JobFailed and one CronJobTooOld", () => {
    expect(groups.map((g) => g.name)).toEqual(["ml-serving.workload (team ml-platform)"]);
    expect(rules.map((r) => r.alert)).toEqual(["JobFailed", "CronJobTooOld"]);
    const withService = namespaceRuleGroups({
      environment: "production",
      namespace: "ml-serving",
      runbookBaseUrl: "https://runbooks.example.com",
      services: [{ service: "search", team: "ml-platform", gpu: false }],
      jobs: [cron("db-dump", "30 2 * * *")],
    });
    expect(withService.map((g) => g.name)).toEqual(["ml-serving.workload (team ml-platform)"]);
    expect(withService[0]!.rules.map((r) => r.alert)).toEqual(expect.arrayContaining(["ContainerRestarting", "JobFailed", "CronJobTooOld"]));
    // A daily schedule: 24h plus an hour's margin.
    expect(withService[0]!.rules.find((r) => r.alert === "CronJobTooOld")!.expr).toMatch(/cronjob=~"db-dump"\}\n[^]*?> 90000/);
  });

  it("match a hook Job by its name and a CronJob's Jobs by <cronjob>-<minute>", () => {
    expect(rule("JobFailed").expr).toContain('job_name=~"db-migrate|db-dump-[0-9]+|model-mirror-[0-9]+|cache-warm-[0-9]+"');
  });

  it("give each schedule its interval plus a margin: daily 25h, every 6h 7h, every 15m 23m", () => {
    const expr = rule("CronJobTooOld").expr;
    expect(expr).toMatch(/cronjob=~"db-dump"\}\n[^]*?> 90000/);
    expect(expr).toMatch(/cronjob=~"model-mirror"\}\n[^]*?> 25200/);
    expect(expr).toMatch(/cronjob=~"cache-warm"\}\n[^]*?> 1380/);
  });

  it("leave a namespace without jobs as it was", () => {
    const without = namespaceRuleGroups({ environment: "production", namespace: "ml-serving", runbookBaseUrl: "https://runbooks.example.com", services: [{ service: "search", team: "ml-platform", gpu: false }] });
    expect(without.flatMap((g) => g.rules).map((r) => r.alert)).not.toContain("JobFailed");
  });
});

describe.skipIf(!promtool && !inCi)("under the real promtool", () => {
  let dir: string;
  beforeAll(() => {
    if (!promtool) throw new Error("promtool is not installed; CI must install it (apt-get install prometheus)");
    dir = mkdtempSync(join(tmpdir(), "gitops-forge-batch-alerts-"));
    const object = prometheusRule({ name: "batch", namespace: "ml-serving", labels: {} }, groups);
    writeRuleTestSet(dir, "batch", { rules: ruleFileOf(object), tests: promtoolTestsText(groups, "batch.rules.yaml") });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts the rules and passes their tests: each alert fires and stays quiet", () => {
    const tests = parse(readFileSync(join(dir, "batch.promtool-test.yaml"), "utf8")) as { tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }> };
    const checks = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const alert of ["JobFailed", "CronJobTooOld"]) {
      expect(checks.some((c) => c.alertname === alert && c.exp_alerts.length > 0), `${alert} fires`).toBe(true);
      expect(checks.some((c) => c.alertname === alert && c.exp_alerts.length === 0), `${alert} stays quiet`).toBe(true);
    }
    expect(runPromtool(promtool!, ["check", "rules", "batch.rules.yaml"], dir).code).toBe(0);
    const run = runPromtool(promtool!, ["test", "rules", "batch.promtool-test.yaml"], dir);
    expect(run.output).toContain("SUCCESS");
    expect(run.code).toBe(0);
  });

  function testWithEditedRule(alert: string, edit: (expr: string) => string) {
    const ruleFile = join(dir, "batch.rules.yaml");
    const original = readFileSync(ruleFile, "utf8");
    try {
      const file = parse(original) as { groups: Array<{ rules: Array<{ alert?: string; expr: string }> }> };
      const target = file.groups.flatMap((g) => g.rules).find((r) => r.alert === alert)!;
      target.expr = edit(target.expr);
      writeFileSync(ruleFile, stringify(file));
      return runPromtool(promtool!, ["test", "rules", "batch.promtool-test.yaml"], dir);
    } finally {
      writeFileSync(ruleFile, original);
    }
  }

  it("fails when a deadline no longer matches its scenarios (the 15-minute schedule given a day)", () => {
    const run = testWithEditedRule("CronJobTooOld", (expr) => expr.replace("> 1380", "> 86400"));
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("alertname: CronJobTooOld");
  });

  it("fails when a CronJob that never succeeded is no longer counted from its creation", () => {
    const run = testWithEditedRule("CronJobTooOld", (expr) => expr.replace(/\n\s+or\n\s+kube_cronjob_created\{[^}]*\}/g, ""));
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("alertname: CronJobTooOld");
  });

  it("fails when a failed Job no longer fires", () => {
    const run = testWithEditedRule("JobFailed", (expr) => expr.replace(/> 0$/, "> 5"));
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("alertname: JobFailed");
  });
});
