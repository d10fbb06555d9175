/**
 * The `gitops-forge` bin as users run it: through its Node launcher (npx),
 * which starts the commands under the bundled Bun.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../scripts/cli/commands";
import type { CommandSpec } from "../../scripts/cli/spec";
import { REPO_ROOT, removeScratch, scratchRepo } from "../helpers/repo";

const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const LAUNCHER = join(REPO_ROOT, packageJson.bin["gitops-forge"]);

/** Node itself: under `bun --bun` the `node` first on PATH is Bun. */
const NODE = (process.env.PATH ?? "")
  .split(delimiter)
  .map((dir) => join(dir, "node"))
  .find((path) => existsSync(path) && !basename(realpathSync(path)).startsWith("bun"));

function forge(args: string[], options: { cwd?: string; env?: Record<string, string>; runtime?: string } = {}) {
  const r = spawnSync(options.runtime ?? NODE ?? "node", [LAUNCHER, ...args], { cwd: options.cwd ?? REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every command and subcommand with the words that run it. */
const leaves: Array<[string, CommandSpec]> = COMMANDS.flatMap(({ spec }) => (spec.subcommands?.length ? spec.subcommands.map((s) => [s.name, s] as [string, CommandSpec]) : [[spec.name, spec] as [string, CommandSpec]]));

describe("gitops-forge bin", () => {
  it("is declared in package.json and prints the package version, under Node (npx) and under Bun (bunx)", () => {
    expect(NODE).toBeDefined();
    for (const runtime of [NODE!, process.execPath]) {
      const r = forge(["--version"], { runtime });
      expect([runtime, r.code, r.stdout, r.stderr]).toEqual([runtime, 0, `${packageJson.version}\n`, ""]);
    }
  });

  it("lists every command the issue names in its help", () => {
    const r = forge(["--help"]);
    expect(r.code).toBe(0);
    for (const name of ["synth", "validate", "diff", "pr", "cluster", "alert-tests", "init", "schema", "environments", "completion"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    }
  });

  it.each(leaves)("describes every option of %s in its --help, exit 0", (words, spec) => {
    const r = forge([...words.split(" "), "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: gitops-forge ${words} [options]`);
    for (const [name, option] of Object.entries(spec.options)) {
      // The description follows the flag, on its line or, after a long flag, on the next.
      expect(r.stdout).toMatch(new RegExp(`--${name}\\b[^\\n]*(\\n +)?[^\\n]*${option.description.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    expect(r.stdout).toMatch(/-h, --help +show this help/);
  });

  it("gives the parent command's help for cluster and `help <command>` for any command", () => {
    expect(forge(["cluster", "--help"]).stdout).toMatch(/^  check +what the target cluster/m);
    expect(forge(["help", "validate"]).stdout).toContain("--fail-on SEVERITY");
  });

  it("suggests the nearest command, option or value on a typo, exit 2, one line", () => {
    const cases: Array<[string[], string]> = [
      [["synht"], 'error: unknown command "synht" (did you mean synth?); see `gitops-forge --help`\n'],
      [["synth", "--chek"], "error: synth: unknown option --chek (did you mean --check?); see `gitops-forge synth --help`\n"],
      [["validate", "--fail-on", "warnings"], 'error: validate: --fail-on must be one of error, warning, not "warnings" (did you mean warning?); see `gitops-forge validate --help`\n'],
      [["cluster", "chek", "--env", "dev"], 'error: cluster: expected "check" or "diff", not "chek" (did you mean check?); see `gitops-forge cluster --help`\n'],
      [["environments", "extra"], 'error: environments: unexpected argument "extra"; see `gitops-forge environments --help`\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = forge(args);
      expect([args, r.code, r.stderr, r.stdout]).toEqual([args, 2, stderr, ""]);
    }
  });

  it("lists the environments synth builds, as JSON for a CI matrix", () => {
    expect(forge(["environments", "--json"])).toEqual({ code: 0, stdout: '["dev","production","staging"]\n', stderr: "" });
    expect(forge(["environments"]).stdout).toBe("dev\nproduction\nstaging\n");
  });

  it("keeps the npm scripts as aliases of its commands", () => {
    for (const name of ["synth", "validate", "alert-tests", "diff", "pr", "cluster"]) {
      expect(packageJson.scripts[name]).toBe(`bun scripts/gitops-forge.ts ${name}`);
    }
  });

  it("exits quietly when the reader closes the pipe, after finishing its work", () => {
    const dir = scratchRepo();
    try {
      const r = spawnSync("bash", ["-c", `set -o pipefail; "${NODE}" ${LAUNCHER} synth --root . | head -1`], { cwd: dir, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^generated\/dev: \d+ files/);
      expect(r.status).toBe(0);
      // Every environment was still written.
      expect(forge(["synth", "--check", "--root", dir]).code).toBe(0);
    } finally {
      removeScratch(dir);
    }
  });
});
