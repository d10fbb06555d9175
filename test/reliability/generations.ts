import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { scratchRepo } from "../helpers/repo";
import { runInProcess, snapshot, track } from "./harness";

/**
 * A repository with two generations of all of generated/ (every environment,
 * its Argo CD objects and its alert tests): the old one, synthesized from
 * the sample environments, and the new one, after a change to base.yaml that
 * rewrites every environment's folders.
 */
export interface Generations {
  root: string;
  old: Map<string, string>;
  next: Map<string, string>;
  /** Puts environments/ at the old or the new input. */
  input(which: "old" | "next"): void;
  /** Puts all of generated/ back to one generation, by hand. */
  restore(which: "old" | "next"): void;
  /** Which generation generated/ holds now: exactly one of them, or neither. */
  current(): "old" | "next" | "mixed";
}

export async function twoGenerations(): Promise<Generations> {
  const root = track(scratchRepo());
  const base = join(root, "environments/base.yaml");
  const oldBase = readFileSync(base, "utf8");
  const nextBase = oldBase.replace('tag: "2.3.1"', 'tag: "2.3.2"').replace("targetRevision: main", "targetRevision: release").replace("team: ml-platform", "team: ml-serving-team");
  expect(nextBase).not.toBe(oldBase);
  const synthOf = async (text: string) => {
    writeFileSync(base, text);
    expect((await runInProcess("synth", ["--root", root, "--no-validate"])).code).toBe(0);
    return snapshot(root);
  };
  const next = await synthOf(nextBase);
  const old = await synthOf(oldBase);
  // Every folder of every environment changes, so a mix of generations shows.
  for (const folder of ["dev/", "staging/", "production/", "argocd/dev/", "argocd/production/", "alert-tests/dev/"]) {
    expect([...old].some(([path, text]) => path.startsWith(folder) && next.get(path) !== text)).toBe(true);
  }
  const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([p, t]) => b.get(p) === t);
  return {
    root,
    old,
    next,
    input: (which) => writeFileSync(base, which === "old" ? oldBase : nextBase),
    restore: (which) => {
      const out = join(root, "generated");
      rmSync(out, { recursive: true, force: true });
      for (const [path, text] of which === "old" ? old : next) {
        mkdirSync(dirname(join(out, path)), { recursive: true });
        writeFileSync(join(out, path), text);
      }
    },
    current: () => {
      const now = snapshot(root);
      return same(now, old) ? "old" : same(now, next) ? "next" : "mixed";
    },
  };
}

/** A small deterministic generator (mulberry32), so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
