/**
 * Shell completion, run by the real shells: bash completes COMP_WORDS into
 * COMPREPLY; zsh completes typed lines in an interactive shell
 * (zsh-complete.zsh); fish answers `complete --do-complete`. Without zsh or
 * fish their tests skip, except under CI, which installs them (.ci/run).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../scripts/cli/commands";
import { completionScript } from "../../scripts/cli/completion";
import { REPO_ROOT } from "../helpers/repo";
import { tempDir } from "../helpers/temp-dir";

const specs = COMMANDS.map((c) => c.spec);
const cli = join(REPO_ROOT, "scripts/gitops-forge.ts");
const inCi = process.env.CI === "true";

function writeScript(name: string, text: string): string {
  const file = join(tempDir("completion-"), name);
  writeFileSync(file, text);
  return file;
}

/** Sorted candidates, one list per completed line; the shell's errors fail the test. */
function candidates(stdout: string, stderr: string, end: string): string[][] {
  expect(stderr).toBe("");
  return stdout.split(`${end}\n`).slice(0, -1).map((block) => block.split("\n").filter(Boolean).sort());
}

/** Whether the shell is installed; if not, its tests skip with this reason, or fail under CI. */
function installed(shell: string): boolean {
  const found = spawnSync(shell, ["--version"]).status === 0;
  if (!found && !inCi) console.warn(`${shell} not found on PATH: skipping ${shell} completion tests (apt-get install ${shell})`);
  return found;
}

/** What bash offers after `words` (the last word is the one being completed). */
function bashComplete(words: string[]): string[] {
  const script = writeScript("gitops-forge.bash", completionScript("bash", specs));
  // `gitops-forge environments` answers from the repository; a function stands in for the installed bin.
  const program = `gitops-forge() { "${process.execPath}" "${cli}" "$@"; }
source "${script}"
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_gitops_forge
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["-c", program], { cwd: REPO_ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean).sort();
}

describe("bash completion", () => {
  it("completes commands, subcommands and options", () => {
    expect(bashComplete(["gitops-forge", "s"])).toEqual(["schema", "synth"]);
    expect(bashComplete(["gitops-forge", "cluster", ""])).toEqual(["--help", "check", "diff"]);
    expect(bashComplete(["gitops-forge", "cluster", "check", "--con"])).toEqual(["--concurrency", "--context"]);
    expect(bashComplete(["gitops-forge", "synth", "--fa"])).toEqual(["--fail-on"]);
  });

  it("completes the choices of an option and the environment names", () => {
    expect(bashComplete(["gitops-forge", "validate", "--format", "j"])).toEqual(["json", "junit"]);
    expect(bashComplete(["gitops-forge", "synth", "--min-severity", ""])).toEqual(["error", "info", "warning"]);
    expect(bashComplete(["gitops-forge", "synth", "--env", ""])).toEqual(["dev", "production", "staging"]);
    expect(bashComplete(["gitops-forge", "completion", ""])).toEqual(["bash", "fish", "zsh"]);
  });
});

const optionsOf = (name: string) => {
  const spec = specs.flatMap((c) => c.subcommands ?? [c]).find((c) => c.name === name)!;
  return [...Object.keys(spec.options), "help"].map((o) => `--${o}`).sort();
};
const topLevel = [...specs.map((c) => c.name), "help", "--help", "--version", "-h", "-V"].sort();

/** What zsh offers at the end of each line, the script installed as the docs say (fpath) or sourced. */
function zshComplete(script: string, lines: string[], load: "fpath" | "source" = "fpath"): string[][] {
  const dir = tempDir("completion-zsh-");
  writeFileSync(join(dir, "_gitops-forge"), script);
  const setup = [
    `fpath=('${dir}' $fpath); autoload -Uz compinit; compinit -u -D`,
    ...(load === "source" ? [`source '${dir}/_gitops-forge'`] : []),
    `gitops-forge() { '${process.execPath}' '${cli}' "$@" }`,
  ].join("; ");
  const out = join(dir, "offered");
  const r = spawnSync("zsh", ["-f", join(import.meta.dirname, "zsh-complete.zsh"), setup, out, ...lines], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
  expect(r.status).toBe(0);
  return candidates(readFileSync(out, "utf8"), readFileSync(`${out}.stderr`, "utf8"), "@@42@@");
}

const hasZsh = installed("zsh");
describe.skipIf(!hasZsh && !inCi)("zsh completion", () => {
  const zsh = completionScript("zsh", specs);
  beforeAll(() => {
    if (!hasZsh) throw new Error("zsh is not installed; CI must install it (apt-get install zsh)");
  });

  it("completes commands, subcommands, options and their values, from the first TAB on", () => {
    // The first line is the first TAB after compinit autoloads the script: it must complete, not only register.
    const lines = ["gitops-forge syn", "gitops-forge ", "gitops-forge cluster ", "gitops-forge cluster check --con", "gitops-forge synth --", "gitops-forge diff --", "gitops-forge cluster diff --"];
    expect(zshComplete(zsh, lines)).toEqual([
      ["synth"],
      topLevel,
      ["check", "diff"],
      ["--concurrency", "--context"],
      optionsOf("synth"),
      optionsOf("diff"),
      optionsOf("cluster diff"),
    ]);
    expect(optionsOf("synth")).toEqual(expect.arrayContaining(["--env", "--check", "--fail-on"]));
  });

  it("completes choices, environment names and help's commands", () => {
    const lines = ["gitops-forge validate --format j", "gitops-forge synth --fail-on=w", "gitops-forge synth --env ", "gitops-forge completion ", "gitops-forge help sy"];
    expect(zshComplete(zsh, lines)).toEqual([["json", "junit"], ["warning"], ["dev", "production", "staging"], ["bash", "fish", "zsh"], ["synth"]]);
  });

  it("completes when the script is sourced after compinit", () => {
    expect(zshComplete(zsh, ["gitops-forge cluster check --con"], "source")).toEqual([["--concurrency", "--context"]]);
  });

  it("shows a wrong script: a command missing from the script completes nothing", () => {
    expect(zshComplete(zsh.replace("    synth) ", "    synthesize) "), ["gitops-forge synth --", "gitops-forge validate --li"])).toEqual([[], ["--list"]]);
  });
});

/** What fish offers for each line (`complete --do-complete`, candidates without their descriptions). */
function fishComplete(script: string, lines: string[]): string[][] {
  const program = `function gitops-forge; '${process.execPath}' '${cli}' $argv; end
source $argv[1]
for line in $argv[2..]; complete --do-complete "$line" | string replace -r '\t.*' ''; echo @@end@@; end`;
  const r = spawnSync("fish", ["--no-config", "-c", program, writeScript("gitops-forge.fish", script), ...lines], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
  expect(r.status).toBe(0);
  return candidates(r.stdout, r.stderr, "@@end@@");
}

const hasFish = installed("fish");
describe.skipIf(!hasFish && !inCi)("fish completion", () => {
  const fish = completionScript("fish", specs);
  beforeAll(() => {
    if (!hasFish) throw new Error("fish is not installed; CI must install it (apt-get install fish)");
  });

  it("completes commands, subcommands and options", () => {
    const lines = ["gitops-forge syn", "gitops-forge ", "gitops-forge -", "gitops-forge cluster ", "gitops-forge cluster check --con", "gitops-forge synth --", "gitops-forge diff --", "gitops-forge cluster diff --"];
    expect(fishComplete(fish, lines)).toEqual([
      ["synth"],
      topLevel.filter((w) => !w.startsWith("-")),
      ["--help", "--version", "-V", "-h"].sort(),
      ["check", "diff"],
      ["--concurrency", "--context"],
      optionsOf("synth"),
      optionsOf("diff"),
      optionsOf("cluster diff"),
    ]);
  });

  it("completes choices, environment names and help's commands", () => {
    const lines = ["gitops-forge validate --format j", "gitops-forge synth --fail-on w", "gitops-forge synth --env ", "gitops-forge completion ", "gitops-forge help sy"];
    expect(fishComplete(fish, lines)).toEqual([["json", "junit"], ["warning"], ["dev", "production", "staging"], ["bash", "fish", "zsh"], ["synth"]]);
  });

  it("shows a wrong script: a command missing from the script completes nothing", () => {
    const broken = fish.replaceAll("__fish_seen_subcommand_from synth", "__fish_seen_subcommand_from synthesize");
    expect(fishComplete(broken, ["gitops-forge synth --", "gitops-forge validate --li"])).toEqual([[], ["--list"]]);
  });
});

describe("zsh and fish completion", () => {
  const zsh = completionScript("zsh", specs);
  const fish = completionScript("fish", specs);

  it("offer every command and every option of every command", () => {
    expect(zsh.startsWith("#compdef gitops-forge\n")).toBe(true);
    for (const spec of specs) {
      expect(zsh).toContain(`'${spec.name}:`);
      expect(fish).toContain(`-n __fish_use_subcommand -a ${spec.name} -d `);
      for (const leaf of spec.subcommands ?? [spec]) {
        for (const name of Object.keys(leaf.options)) {
          expect(zsh).toMatch(new RegExp(`--${name}=?\\}?'?\\[`));
          expect(fish).toMatch(new RegExp(`__fish_seen_subcommand_from ${leaf.name.split(" ").at(-1)}[;' ].* -l ${name} `));
        }
      }
    }
  });

  it("keep a top-level command's options from a subcommand of the same name (diff, cluster diff)", () => {
    expect(fish).toContain("-n '__fish_seen_subcommand_from diff; and not __fish_seen_subcommand_from cluster' -l patch ");
  });

  it("offer an option's choices as its values", () => {
    expect(zsh).toContain(":severity:(error warning)");
    expect(fish).toMatch(/-l fail-on -r -f -a 'error warning'/);
  });
});
