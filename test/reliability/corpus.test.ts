import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { environmentCases } from "./corpus/environments";
import { VALID_DEV } from "../helpers/bad-environments";
import { validateCases } from "./corpus/validate";
import { CAN_MOUNT, faultCases } from "./corpus/faults";
import { expectCleanFailure, expectNoLeftovers, removeScratchFolders, runInProcess, snapshot, type Outcome } from "./harness";
import { removeScratch, scratchRepo } from "../helpers/repo";

/** Every outcome of the corpus, for the checks over all of it at the end. */
const outcomes: Array<{ name: string; outcome: Outcome }> = [];
const CASE_TIME_LIMIT_MS = 15_000;
afterAll(removeScratchFolders);

describe("hostile environment inputs (synth)", () => {
  let repo: string;
  let before: Map<string, string>;
  let originalFiles: string[];

  beforeAll(async () => {
    repo = scratchRepo();
    writeFileSync(join(repo, "environments/dev.yaml"), VALID_DEV);
    expect((await runInProcess("synth", ["--root", repo, "--no-validate"])).code).toBe(0);
    before = snapshot(repo);
    originalFiles = readdirSync(join(repo, "environments"));
  });
  afterAll(() => removeScratch(repo));

  it.each(environmentCases())(
    "$name",
    async (c) => {
      writeFileSync(join(repo, "environments/dev.yaml"), c.text ?? VALID_DEV);
      try {
        c.setup?.(repo);
        const outcome = await runInProcess("synth", ["--root", repo, "--no-validate"]);
        outcomes.push({ name: c.name, outcome });
        expectCleanFailure(outcome, c);
        expect(snapshot(repo)).toEqual(before);
        expectNoLeftovers(repo);
      } finally {
        // A case that wrongly succeeded must not spoil the next ones: put the old generation back.
        if (!sameTree(snapshot(repo), before)) restore(join(repo, "generated"), before);
        for (const extra of readdirSync(join(repo, "environments")).filter((f) => !originalFiles.includes(f))) {
          rmSync(join(repo, "environments", extra), { recursive: true, force: true });
        }
      }
    },
    CASE_TIME_LIMIT_MS,
  );
});

function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, text]) => b.get(path) === text);
}

function restore(dir: string, tree: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of tree) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Runs one case, keeps its outcome for the corpus-wide check, and asserts a clean failure. */
async function runCase(c: { name: string; run: () => Promise<Outcome>; after?: () => void } & Parameters<typeof expectCleanFailure>[1]): Promise<void> {
  const outcome = await c.run();
  outcomes.push({ name: c.name, outcome });
  expectCleanFailure(outcome, c);
  c.after?.();
}

describe("hostile validate inputs", () => {
  for (const c of validateCases()) {
    it(c.name, () => runCase(c), CASE_TIME_LIMIT_MS);
  }
});

describe("faults around synth's output", () => {
  for (const c of faultCases()) {
    // Faults of a real file system need a mount; without the right to mount they are skipped, by name.
    it.skipIf(c.mounts === true && !CAN_MOUNT)(c.name, () => runCase(c), CASE_TIME_LIMIT_MS);
  }
});

describe("the corpus as a whole", () => {
  it("holds at least 150 hostile inputs and faults, and none of them ends in an internal error", () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(150);
    const internal = outcomes.filter(({ outcome }) => outcome.code === 70 || outcome.lines.some((l) => l.startsWith("internal error")));
    expect(internal.map((o) => `${o.name}: ${o.outcome.lines.join(" | ")}`)).toEqual([]);
  });
});
