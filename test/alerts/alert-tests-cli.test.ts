/** `alert-tests`: promtool over a generated tree, exit codes, and nothing written into the tree. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prometheusRule, serviceRuleGroups } from "../../charts/monitoring/alert-rules";
import { promtoolFilesFor, promtoolTestsText } from "../../charts/monitoring/promtool-tests";
import { toYaml } from "../../scripts/lib/output/yaml";
import { findPromtool } from "../../scripts/lib/promtool";
import { REPO_ROOT } from "../helpers/repo";
import { loadSample } from "./sample-environment";

const promtool = findPromtool();
const inCi = process.env.CI === "true";
if (!promtool && !inCi) console.warn("promtool not found on PATH: skipping alert-tests runs that need it (apt-get install prometheus)");

function alertTests(dir: string, env: NodeJS.ProcessEnv = process.env, args = ["--dir", dir]) {
  const run = spawnSync(process.execPath, ["scripts/alert-tests.ts", ...args], { cwd: REPO_ROOT, encoding: "utf8", env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file below `dir` with its content. */
function snapshot(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(files.map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), "utf8")]));
}

describe.skipIf(!promtool && !inCi)("alert-tests command", () => {
  let dir: string;
  let rankerManifest: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gitops-forge-generated-"));
    const sample = loadSample();
    for (const input of [sample.ranker, sample.llmChat]) {
      const folder = join(dir, "production", input.namespace, input.service);
      const testFolder = join(dir, "alert-tests", "production", input.namespace, input.service);
      mkdirSync(folder, { recursive: true });
      mkdirSync(testFolder, { recursive: true });
      const groups = serviceRuleGroups(input);
      const files = promtoolFilesFor("prometheusrule.yaml");
      writeFileSync(join(folder, "prometheusrule.yaml"), toYaml(prometheusRule({ name: input.service, namespace: input.namespace, labels: {} }, groups)));
      writeFileSync(join(testFolder, files.testFile), promtoolTestsText(groups, files.ruleFile));
    }
    rankerManifest = join(dir, "production", "search", "ranker", "prometheusrule.yaml");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("passes on generated rules and writes nothing into the tree", () => {
    const before = snapshot(dir);
    const run = alertTests(dir);
    expect(run.stdout).toContain("promtool: 2 rule files checked, their unit tests pass");
    expect(run.code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it("exits 1 and names the generated test file when a rule no longer fires on its series", () => {
    writeFileSync(rankerManifest, readFileSync(rankerManifest, "utf8").replace("> 0.01", "> 0.99"));
    const run = alertTests(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("alertname: ErrorRatioHigh");
    expect(run.stdout).toContain("alert-tests/production/search/ranker/prometheusrule.promtool-test.yaml");
  });

  it("exits 2 with file and line on a manifest that is not YAML, without a stack", () => {
    writeFileSync(rankerManifest, "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: [unclosed\n");
    const run = alertTests(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: ${rankerManifest.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+`));
    expect(run.stderr).not.toContain("    at ");
  });

  it("exits 2 when a PrometheusRule has no promtool tests", () => {
    rmSync(join(dir, "alert-tests", "production", "search", "ranker", "prometheusrule.promtool-test.yaml"));
    const run = alertTests(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no promtool tests for it");
  });
});

describe.skipIf(!promtool && !inCi)("alert-tests --environments", () => {
  it("builds and tests the alerts of every environment of the repository", () => {
    const run = alertTests("", process.env, ["--environments", "--root", REPO_ROOT]);
    expect(run.stdout).toMatch(/^promtool: \d+ rule files checked, their unit tests pass$/m);
    expect(run.code).toBe(0);
  }, 120_000);

  it("exits 2 naming the file, line and alert when a custom expression is broken", () => {
    const root = mkdtempSync(join(tmpdir(), "gitops-forge-envs-"));
    try {
      cpSync(join(REPO_ROOT, "environments"), join(root, "environments"), { recursive: true });
      const base = join(root, "environments", "base.yaml");
      const text = readFileSync(base, "utf8");
      const broken = text.replace(/expr: (sum by \(namespace\) \(rate\(llm_generated_tokens_total[^\n]*)\)\) < 50/, "expr: $1) < 50");
      expect(broken).not.toBe(text);
      writeFileSync(base, broken);
      const run = alertTests("", process.env, ["--environments", "--root", root, "--env", "production"]);
      expect(run.code).toBe(2);
      const line = broken.slice(0, broken.indexOf("expr: sum by (namespace) (rate(llm_generated")).split("\n").length;
      expect(run.stderr).toContain(`environments/base.yaml:${line}:9 services.llm-chat.alerts.0.expr`);
      expect(run.stderr).toContain('alert "LlmChatTokenThroughputLow": invalid PromQL');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!promtool && !inCi)("alert-tests --environments: the environment's alert groups", () => {
  const group = (expected: string) => `monitoring:
  alertGroups:
    - name: infrastructure
      team: infrastructure
      rules:
        - name: NodeNotReady
          expr: kube_node_status_condition{condition="Ready",status="true"} == 0
          for: 5m
          severity: critical
          summary: "Node {{ $labels.node }} is not ready"
          description: "Node {{ $labels.node }} has been not ready for 5 minutes"
          tests:
            - input_series: [{ series: 'kube_node_status_condition{condition="Ready",status="true",node="n1"}', values: 1x5 0x20 }]
              alert_rule_test:
                - { eval_time: 4m, exp_alerts: [] }
                - eval_time: 20m
                  exp_alerts: [{ exp_labels: { condition: Ready, status: "true", node: ${expected} } }]
`;
  const run = (expected: string) => {
    const root = mkdtempSync(join(tmpdir(), "gitops-forge-envs-"));
    try {
      cpSync(join(REPO_ROOT, "environments"), join(root, "environments"), { recursive: true });
      writeFileSync(join(root, "environments", "dev.yaml"), readFileSync(join(root, "environments", "dev.yaml"), "utf8") + group(expected));
      return alertTests("", process.env, ["--environments", "--root", root, "--env", "dev"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it("runs the group's own promtool tests: they pass as written", () => {
    const passing = run("n1");
    expect(passing.stdout).toMatch(/^promtool: \d+ rule files checked, their unit tests pass$/m);
    expect(passing.code).toBe(0);
  }, 120_000);

  it("and fail, naming the group's rule file, when they expect another node", () => {
    const failing = run("n2");
    expect(failing.code).toBe(1);
    expect(failing.stdout + failing.stderr).toContain("dev/ml-serving-dev/infrastructure-alerts");
  }, 120_000);
});

describe("alert-tests without promtool", () => {
  it("exits 2 and says how to install it", () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-forge-generated-"));
    try {
      const run = alertTests(dir, { ...process.env, PATH: "/nonexistent" });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("promtool is not installed (Debian: apt-get install prometheus)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
