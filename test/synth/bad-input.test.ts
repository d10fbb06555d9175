import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTree } from "../../scripts/lib/output/tree";
import { removeScratch, runCommand, scratchRepo } from "../helpers/repo";
import { BAD_ENVIRONMENTS as CASES } from "../helpers/bad-environments";

let repo: string;
let before: Map<string, string>;

beforeAll(() => {
  repo = scratchRepo();
  expect(runCommand("synth", ["--root", repo]).code).toBe(0);
  before = readTree(join(repo, "generated"));
});
afterAll(() => removeScratch(repo));

describe("bad environment input", () => {
  it.each(CASES)("$name: one clear error with file, line, column and field, exit 2, generated/ untouched", (c) => {
    const path = join(repo, "environments", c.file ?? "dev.yaml");
    const original = Bun.file(path).text();
    return original.then((text) => {
      writeFileSync(path, c.text);
      try {
        const result = runCommand("synth", ["--root", repo]);
        expect(result.code).toBe(2);
        const lines = result.stderr.trim().split("\n");
        expect(lines).toHaveLength(c.lines ?? 1);
        expect(lines[0]).toMatch(new RegExp(`^error: ${escape(c.where)}: `));
        expect(lines[0]).toMatch(c.message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(readTree(join(repo, "generated"))).toEqual(before);
      } finally {
        writeFileSync(path, text);
      }
    });
  });

  it("a missing environment file for --env is a usage error", () => {
    rmSync(join(repo, "environments/staging.yaml"));
    const result = runCommand("synth", ["--root", repo, "--env", "staging"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown environment "staging"/);
  });

  it("an unknown flag is a usage error", () => {
    const result = runCommand("synth", ["--root", repo, "--frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: synth: unknown option --frobnicate; see `gitops-forge synth --help`\n$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
