import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runGit } from "../../scripts/pr/git-cli";

/** The CI workflow users copy: its commands must be ones this repository runs. */
const REPO = resolve(__dirname, "../..");
const workflow = parse(readFileSync(join(REPO, ".github/workflows/gitops-forge.yml"), "utf8"));
const runs = (job: string): string[] => workflow.jobs[job].steps.map((s: { run?: string; uses?: string }) => s.run ?? s.uses ?? "");

describe("the gitops-forge workflow", () => {
  it("checks pull requests per environment and uploads validate's SARIF to code scanning", () => {
    const check = workflow.jobs.check;
    expect(check.if).toBe("github.event_name == 'pull_request'");
    expect(check.strategy.matrix.environment).toBe("${{ fromJSON(needs.environments.outputs.names) }}");
    expect(check.permissions["security-events"]).toBe("write");
    const steps = runs("check");
    expect(steps.findIndex((r) => r.includes("scripts/synth.ts --check"))).toBeGreaterThan(-1);
    expect(steps.find((r) => r.includes("scripts/validate.ts"))).toContain("--format sarif --output");
    expect(steps).toContain("github/codeql-action/upload-sarif@v3");
    // The job summary is Markdown: the diff step must ask for it (its default is a unified diff).
    expect(steps.find((r) => r.includes("scripts/diff.ts"))).toMatch(/--format markdown >> "\$GITHUB_STEP_SUMMARY"$/);
  });

  it("runs pr on the main branch, one environment per job and one run per environment at a time", () => {
    const pr = workflow.jobs.pr;
    expect(pr.if).toBe("github.event_name == 'push'");
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(pr.concurrency).toEqual({ group: "gitops-forge-pr-${{ matrix.environment }}", "cancel-in-progress": false });
    expect(runs("pr").at(-1)).toMatch(/^node_modules\/\.bin\/bun scripts\/pr\.ts --env "\$\{\{ matrix\.environment \}\}"/);
    expect(pr.steps.at(-1).env.GITHUB_TOKEN).toBe("${{ secrets.GITOPS_TOKEN || github.token }}");
    // Piped into the job summary: only bash's pipefail keeps a failing pr a failing step.
    expect(pr.steps.at(-1).shell).toBe("bash");
  });

  it("lists the environments the matrix shards on", async () => {
    const list = runs("environments").find((r) => r.includes("listEnvironments"))!;
    const script = /bun -e '([^']+)'/.exec(list)![1]!;
    const proc = Bun.spawn([join(REPO, "node_modules/.bin/bun"), "-e", script], { cwd: REPO, stdout: "pipe" });
    const names = JSON.parse(await new Response(proc.stdout).text());
    const files = (await runGit(["ls-files", "environments/*.yaml"], { cwd: REPO })).text.trim().split("\n");
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(files).toContain(`environments/${name}.yaml`);
  });
});
