/**
 * Running the real promtool (Debian package `prometheus`) on rule files and
 * their unit tests.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";

export interface PromtoolRun {
  code: number;
  output: string;
}

/** Path of promtool on PATH, or undefined. */
export function findPromtool(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir) continue;
    const candidate = join(dir, "promtool");
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

export function runPromtool(promtool: string, args: string[], cwd: string): PromtoolRun {
  const run = spawnSync(promtool, args, { cwd, encoding: "utf8", timeout: 300_000 });
  if (run.error) return { code: 127, output: run.error.message };
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}`.trim() };
}

/** Rule groups and the promtool unit tests for them, as written for promtool. */
export interface RuleTestSet {
  /** Rule file content: `{ groups: [...] }`. */
  rules: object;
  /** Unit-test file text (YAML or JSON); its `rule_files` names the rule file. */
  tests: string;
}

/** Writes a set into `dir` (the rule file under the name its tests expect); returns the two file names. */
export function writeRuleTestSet(dir: string, name: string, set: RuleTestSet): { ruleFile: string; testFile: string } {
  const ruleFile = (parse(set.tests) as { rule_files?: string[] } | null)?.rule_files?.[0];
  if (!ruleFile || ruleFile.includes("/") || ruleFile.startsWith(".")) throw new Error(`test file ${name} must name one plain rule file`);
  mkdirSync(dir, { recursive: true });
  const testFile = `${name}.promtool-test.yaml`;
  writeFileSync(join(dir, ruleFile), stringify(set.rules, { lineWidth: 0 }));
  writeFileSync(join(dir, testFile), set.tests);
  return { ruleFile, testFile };
}
