import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMANDS } from "../../scripts/cli/commands";
import { parseCommand } from "../../scripts/cli/parse";
import { runGit } from "../../scripts/pr/git-cli";
import { runCommand } from "../helpers/repo";

/** The CI workflow users copy: its commands must be ones this repository runs. */
const REPO = resolve(__dirname, "../..");
const text = readFileSync(join(REPO, ".github/workflows/gitops-forge.yml"), "utf8");
const workflow = parse(text);
type Step = { run?: string; uses?: string; env?: Record<string, string>; shell?: string };
const steps = (job: string): Step[] => workflow.jobs[job].steps;
const runs = (job: string): string[] => steps(job).map((s) => s.run ?? s.uses ?? "");
const allSteps: Step[] = Object.keys(workflow.jobs).flatMap(steps);

/** The words of every `npx gitops-forge ...` command line (quotes and expressions kept as single words). */
function forgeCommands(): string[][] {
  return allSteps.flatMap((s) =>
    [...(s.run ?? "").replace(/\n/g, " ").matchAll(/npx gitops-forge ([^|>)]*)/g)].map((m) => [...m[1]!.matchAll(/"[^"]*"|\S+/g)].map((w) => w[0].replace(/^"|"$/g, ""))),
  );
}

describe("the gitops-forge workflow", () => {
  it("checks pull requests per environment and uploads validate's SARIF to code scanning (upload-sarif v4)", () => {
    const check = workflow.jobs.check;
    expect(check.if).toBe("github.event_name == 'pull_request'");
    expect(check.strategy.matrix.environment).toBe("${{ fromJSON(needs.environments.outputs.names) }}");
    expect(check.permissions["security-events"]).toBe("write");
    const lines = runs("check");
    expect(lines.findIndex((r) => r.includes("gitops-forge synth --check"))).toBeGreaterThan(-1);
    expect(lines.find((r) => r.includes("gitops-forge validate"))).toContain("--format sarif --output");
    expect(lines.some((r) => r.startsWith("github/codeql-action/upload-sarif@"))).toBe(true);
    // The job summary is Markdown: the diff step must ask for it (its default is a unified diff).
    expect(lines.find((r) => r.includes("gitops-forge diff"))).toMatch(/--format markdown >> "\$GITHUB_STEP_SUMMARY"$/);
    expect(text).toMatch(/github\/codeql-action\/upload-sarif@[0-9a-f]{40} # v4\.\d+\.\d+\n/);
  });

  it("pins every action by commit, the release tag beside it, and runs a supported Node", () => {
    const uses = allSteps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/);
    for (const line of text.split("\n").filter((l) => l.includes("uses:"))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const nodes = allSteps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => (s as { with: { "node-version": number } }).with["node-version"]);
    expect(nodes.length).toBe(Object.keys(workflow.jobs).length);
    for (const version of nodes) expect([22, 24]).toContain(version);
  });

  it("runs the alert rules' promtool tests on pull requests", () => {
    const job = workflow.jobs["alert-tests"];
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(runs("alert-tests").some((r) => r.includes("apt-get install") && r.includes("prometheus"))).toBe(true);
    expect(runs("alert-tests").at(-1)).toBe("npx gitops-forge alert-tests");
  });

  it("runs pr on the main branch, one environment per job and one run per environment at a time", () => {
    const pr = workflow.jobs.pr;
    expect(pr.if).toBe("github.event_name == 'push'");
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(pr.concurrency).toEqual({ group: "gitops-forge-pr-${{ matrix.environment }}", "cancel-in-progress": false });
    expect(runs("pr").at(-1)).toMatch(/^npx gitops-forge pr --env "\$\{\{ matrix\.environment \}\}"/);
    expect(pr.steps.at(-1).env.GITHUB_TOKEN).toBe("${{ secrets.GITOPS_TOKEN || github.token }}");
    // Piped into the job summary: only bash's pipefail keeps a failing pr a failing step.
    expect(pr.steps.at(-1).shell).toBe("bash");
  });

  it("calls only commands and options gitops-forge has", () => {
    const commands = forgeCommands();
    expect(commands.map((c) => c[0])).toEqual(["environments", "synth", "diff", "validate", "alert-tests", "pr"]);
    for (const [name, ...args] of commands) {
      const spec = COMMANDS.find((c) => c.spec.name === name)!.spec;
      expect(() => parseCommand(spec, args)).not.toThrow();
    }
  });

  it("lists the environments the matrix shards on with `gitops-forge environments --json`", async () => {
    expect(runs("environments").at(-1)).toBe('echo "names=$(npx gitops-forge environments --json)" >> "$GITHUB_OUTPUT"');
    const names = JSON.parse(runCommand("gitops-forge", ["environments", "--json"]).stdout);
    const files = (await runGit(["ls-files", "environments/*.yaml"], { cwd: REPO })).text.trim().split("\n");
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(files).toContain(`environments/${name}.yaml`);
  });
});
