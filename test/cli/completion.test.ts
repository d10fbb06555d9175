/**
 * Shell completion: the bash script is run by bash itself (COMP_WORDS in,
 * COMPREPLY out); zsh and fish, not installed here, are checked for every
 * command and option they must offer.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../scripts/cli/commands";
import { completionScript } from "../../scripts/cli/completion";
import { REPO_ROOT } from "../helpers/repo";
import { tempDir } from "../helpers/temp-dir";

const specs = COMMANDS.map((c) => c.spec);

/** What bash offers after `words` (the last word is the one being completed). */
function bashComplete(words: string[]): string[] {
  const dir = tempDir("completion-");
  const script = join(dir, "gitops-forge.bash");
  writeFileSync(script, completionScript("bash", specs));
  // `gitops-forge environments` answers from the repository; a function stands in for the installed bin.
  const program = `gitops-forge() { "${process.execPath}" "${join(REPO_ROOT, "scripts/gitops-forge.ts")}" "$@"; }
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
