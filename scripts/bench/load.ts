/**
 * Benchmark of loading environments (read, merge, schema, every check down to
 * the charts' alert rules), without rendering: 3 environments × N services of
 * the full workload, each repetition from fresh files so no parse is cached.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../lib/synth/pipeline";
import { writeWorkload } from "./workload";

const SIZES = (process.env.BENCH_SIZES ?? "100,1000").split(",").map(Number);
const REPETITIONS = 10;

/** Measures one size in this process and prints the best load time as JSON. */
function measure(services: number): void {
  const roots = Array.from({ length: REPETITIONS + 1 }, () => mkdtempSync(join(tmpdir(), "load-bench-")));
  try {
    for (const root of roots) writeWorkload(root, services, "full");
    loadEnvironments(roots[0]!); // warm-up: module loading and the schema's compiled validator
    const times = roots.slice(1).map((root) => {
      Bun.gc(true);
      const start = performance.now();
      loadEnvironments(root);
      return performance.now() - start;
    });
    console.log(JSON.stringify({ ms: Math.min(...times) }));
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}

/** Each size runs in a fresh process, so one size's heap does not slow the next. */
export async function run(): Promise<void> {
  for (const services of SIZES) {
    const proc = Bun.spawnSync([process.execPath, import.meta.filename, String(services)], { stdout: "pipe", stderr: "pipe" });
    if (proc.exitCode !== 0) throw new Error(`load bench at N=${services} failed: ${proc.stderr.toString().slice(-2000)}`);
    const { ms } = JSON.parse(proc.stdout.toString()) as { ms: number };
    console.log(`load N=${services} (full profile, 3 environments): ${ms.toFixed(0)} ms = ${((3 * services) / ms * 1000).toFixed(0)} services/s`);
  }
}

if (import.meta.main) {
  const size = process.argv[2];
  if (size) measure(Number(size));
  else await run();
}
