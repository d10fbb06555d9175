/** `gitops-forge init`: a new repository that synthesizes and validates at once. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCommand } from "../helpers/repo";
import { tempDir } from "../helpers/temp-dir";

const forge = (args: string[], cwd?: string) => runCommand("gitops-forge", args, { cwd });

describe("gitops-forge init", () => {
  it("scaffolds environments, policy config, schemas, editor settings, CI and a README", () => {
    const dir = join(tempDir("init-"), "ml-gitops");
    const r = forge(["init", dir]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    for (const path of ["environments/base.yaml", "environments/dev.yaml", "environments/production.yaml", "policies/config.yaml", "policies/waivers.yaml", "environments/environment-partial.schema.json", ".vscode/settings.json", ".github/workflows/gitops-forge.yml", "README.md", "package.json", ".gitignore"]) {
      expect([path, existsSync(join(dir, path))]).toEqual([path, true]);
    }
    // The workflow and policy config are this repository's own.
    expect(readFileSync(join(dir, ".github/workflows/gitops-forge.yml"), "utf8")).toBe(readFileSync(join(REPO_ROOT, ".github/workflows/gitops-forge.yml"), "utf8"));
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toMatchObject({ name: "ml-gitops", devDependencies: { "gitops-forge": expect.stringMatching(/^\^\d/) } });
  });

  it("gives a repository that synthesizes and validates without an error, and whose committed output checks", () => {
    const dir = tempDir("init-");
    expect(forge(["init"], dir).code).toBe(0);
    const synth = forge(["synth"], dir);
    expect(synth.stderr).toBe("");
    expect(synth.code).toBe(0);
    expect(synth.stdout).toMatch(/^PASS 0 errors, /m);
    expect(forge(["synth", "--check"], dir).code).toBe(0);
    const validate = forge(["validate", "--fail-on", "warning"], dir);
    expect([validate.code, validate.stdout]).toEqual([0, expect.stringMatching(/^PASS 0 errors, 0 warnings, /m)]);
    expect(forge(["environments", "--json"], dir).stdout).toBe('["dev","production"]\n');
  });

  it("refuses to overwrite anything, and writes nothing then", () => {
    const dir = tempDir("init-");
    writeFileSync(join(dir, "README.md"), "mine\n");
    const r = forge(["init", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: init: would overwrite README.md in .*; nothing written\n$/);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("mine\n");
    expect(existsSync(join(dir, "environments"))).toBe(false);
  });
});
