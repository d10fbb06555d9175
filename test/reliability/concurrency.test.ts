import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/repo";
import { expectNoLeftovers, removeScratchFolders } from "./harness";
import { twoGenerations } from "./generations";

afterAll(removeScratchFolders);

const PAIRS = 20;
/** Independent repositories raced side by side (one per core), each taking its share of the pairs. */
const LANES = 2;

describe("two synth runs at once", () => {
  it(`${PAIRS} pairs of simultaneous runs both end cleanly and leave generated/ whole`, async () => {
    const waited = await Promise.all(Array.from({ length: LANES }, () => raceLane(PAIRS / LANES)));
    console.log(`concurrency test: ${PAIRS} pairs, ${PAIRS * 2} runs exited 0; ${waited.reduce((a, b) => a + b, 0)} waited for the other's lock`);
  }, 240_000);
});

/** One repository: `pairs` times, two runs started together on a changed input. Returns how many runs waited. */
async function raceLane(pairs: number): Promise<number> {
  const g = await twoGenerations();
  const run = () => {
    const proc = Bun.spawn([process.execPath, join(REPO_ROOT, "scripts/synth.ts"), "--root", g.root, "--no-validate"], { stdout: "ignore", stderr: "pipe" });
    return Promise.all([proc.exited, new Response(proc.stderr).text()]).then(([code, stderr]) => ({ code, stderr }));
  };
  let waited = 0;
  for (let i = 0; i < pairs; i++) {
    // Each pair has a change to write: the input flips between the generations.
    const target = i % 2 === 0 ? "next" : "old";
    g.input(target);
    const results = await Promise.all([run(), run()]);
    for (const { code, stderr } of results) {
      expect(stderr).not.toMatch(/internal error|error:/);
      expect(code, stderr).toBe(0);
    }
    waited += results.filter((r) => /waiting for another synth to finish \(pid \d+\)/.test(r.stderr)).length;
    expect(g.current()).toBe(target);
    expectNoLeftovers(g.root);
  }
  return waited;
}
