import { afterAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { recoverOutput } from "../../scripts/lib/output/transaction";
import { LOCK_FILE, withOutputLock } from "../../scripts/lib/output/output-lock";
import { REPO_ROOT } from "../helpers/repo";
import { expectNoLeftovers, removeScratchFolders } from "./harness";
import { seededRandom, twoGenerations } from "./generations";

afterAll(removeScratchFolders);

const KILLS = 50;
/** Independent repositories killed side by side (one per core), each taking its share of the kills. */
const LANES = 2;
const SEED = Number(process.env.KILL_SEED ?? 13);

describe("synth killed (SIGKILL) at random moments while it changes every environment", () => {
  it(`leaves all of generated/ exactly the old or exactly the new generation, ${KILLS} times out of ${KILLS}`, async () => {
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, lane) => killLane(lane, KILLS / LANES)));
    const total = lanes.reduce((sum, lane) => ({ old: sum.old + lane.old, next: sum.next + lane.next }), { old: 0, next: 0 });
    console.log(`kill test: ${KILLS} kills spread over the ${lanes.map((l) => Math.round(l.changeMs)).join("/")} ms a run holds the lock (seed ${SEED}): ${total.old} old, ${total.next} new, 0 mixed`);
    expect(total.old + total.next).toBe(KILLS);
  }, 240_000);
});

/** One repository: a measured run, then `kills` runs each killed at a random moment after it took the lock. */
async function killLane(lane: number, kills: number): Promise<{ old: number; next: number; changeMs: number }> {
  const g = await twoGenerations();
  const out = join(g.root, "generated");
  const lock = join(out, LOCK_FILE);
  const synth = () => Bun.spawn([process.execPath, join(REPO_ROOT, "scripts/synth.ts"), "--root", g.root, "--no-validate"], { stdout: "ignore", stderr: "ignore" });
  /** Resolves once the run holds the output lock: from then on it changes generated/. */
  const locked = async (proc: ReturnType<typeof synth>) => {
    while (!existsSync(lock) && proc.exitCode === null) await Bun.sleep(1);
    return performance.now();
  };
  g.input("next");

  // How long the change takes here, from taking the lock to the end of the run: the kills are spread over it.
  const measured = synth();
  const lockedAt = await locked(measured);
  expect(await measured.exited).toBe(0);
  const changeMs = performance.now() - lockedAt;
  expect(g.current()).toBe("next");

  const random = seededRandom(SEED + lane);
  const seen = { old: 0, next: 0 };
  for (let i = 0; i < kills; i++) {
    g.restore("old");
    const proc = synth();
    await locked(proc);
    await Bun.sleep(random() * changeMs);
    proc.kill("SIGKILL");
    await proc.exited;
    // What the next run does before anything else: take the lock (a killed run's is taken over) and recover.
    await withOutputLock(out, "generated", async () => recoverOutput(out));
    const now = g.current();
    expect(now, `lane ${lane}, kill ${i + 1} (seed ${SEED})`).not.toBe("mixed");
    seen[now as "old" | "next"]++;
    expectNoLeftovers(g.root);
  }
  return { ...seen, changeMs };
}
