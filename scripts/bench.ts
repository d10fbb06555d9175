// `npm run bench`: speed and memory of every command, printed as figures and
// ratios against their targets and baselines. Nothing here is asserted: a
// slow machine prints slow figures.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeWorkload, type WorkloadProfile } from "./bench/workload";
import { parseCommand, runCli } from "./lib/cli";
import type { CommandSpec } from "./cli/spec";

const REPO = resolve(import.meta.dirname, "..");
const BUN = process.execPath;
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
/** BENCH_ONLY=synth,validate runs just those parts. */
const ONLY = process.env.BENCH_ONLY?.split(",");
const wanted = (part: string) => !ONLY || ONLY.includes(part);
const BASELINE_DIR = join(REPO, "scripts/bench/cdk8s-baseline");

interface Run {
  seconds: number;
  peakRssMiB: number;
  stdout: string;
}

/** Runs a command in a fresh process and measures it from the outside. */
function timed(cmd: string[], options: { cwd?: string; env?: Record<string, string> } = {}, okCodes = [0]): Run {
  const started = performance.now();
  const proc = Bun.spawnSync(cmd, { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, stdout: "pipe", stderr: "pipe" });
  const seconds = (performance.now() - started) / 1000;
  if (!okCodes.includes(proc.exitCode ?? -1)) throw new Error(`${cmd.join(" ")} failed (${proc.exitCode}): ${proc.stderr.toString().slice(-2000)}`);
  // Bun reports a child's maxRSS in bytes.
  return { seconds, peakRssMiB: (proc.resourceUsage?.maxRSS ?? 0) / 2 ** 20, stdout: proc.stdout.toString() };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(`\n## ${title}\n${line(header)}\n${rows.map(line).join("\n")}`);
}

function ensureBaseline(): boolean {
  if (existsSync(join(BASELINE_DIR, "node_modules/.bin/cdk8s"))) return true;
  console.log("installing the cdk8s CLI baseline (cdk8s-cli, ts-node, TypeScript 5.9) in scripts/bench/cdk8s-baseline ...");
  const proc = Bun.spawnSync(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: BASELINE_DIR, stdout: "inherit", stderr: "inherit" });
  return proc.exitCode === 0;
}

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

/**
 * The fastest of REPEATS runs (the machine is shared: the minimum is the
 * signal) with the highest peak RSS seen, each started with earlier writes
 * flushed. `cmd` may make a new command per run (a fresh output folder:
 * deleting the previous run's files first would make ext4 skip thousands of
 * recently freed inodes on every file this run creates).
 */
function settled(cmd: string[] | (() => string[]), options: { cwd?: string; env?: Record<string, string> } = {}, okCodes = [0]): Run {
  const runs = repeated(cmd, options, okCodes);
  const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)) };
}

function repeated(cmd: string[] | (() => string[]), options: { cwd?: string; env?: Record<string, string> } = {}, okCodes = [0]): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const command = typeof cmd === "function" ? cmd() : cmd;
    Bun.spawnSync(["sync"]);
    runs.push(timed(command, options, okCodes));
  }
  return runs;
}

/**
 * One in-process synth (scripts/bench/synth-once.ts), each figure the best of
 * its runs: the render and the writes vary apart (the writes with the file
 * system), so the fastest total need not hold the fastest render.
 */
function synthOnce(root: string, mode: "full" | "serving"): { seconds: number; renderSeconds: number } {
  const runs = repeated([BUN, "scripts/bench/synth-once.ts", root, mode]).map((r) => JSON.parse(r.stdout) as { seconds: number; renderSeconds: number });
  return { seconds: Math.min(...runs.map((r) => r.seconds)), renderSeconds: Math.min(...runs.map((r) => r.renderSeconds)) };
}

const synthCli = (root: string, ...flags: string[]) => [BUN, "scripts/synth.ts", "--root", root, ...flags];
const fileCount = (stdout: string) => [...stdout.matchAll(/(\d+) files/g)].reduce((sum, m) => sum + Number(m[1]), 0);

/** The reference workload, on which the targets are set, against the conventional cdk8s CLI flow. */
function benchReference(roots: string[]): Map<number, number> {
  const freshSeconds = new Map<number, number>();
  const rows: string[][] = [];
  const perManifest: number[] = [];
  const baselineReady = process.env.BENCH_SKIP_BASELINE ? false : ensureBaseline();
  for (const n of SIZES) {
    const written: string[] = [];
    const fresh = settled(() => synthCli(workload(roots, written, n, "reference"), "--no-validate"));
    const root = written[0]!;
    const manifests = fileCount(fresh.stdout);
    const unchanged = settled(synthCli(root, "--no-validate"));
    const check = settled(synthCli(root, "--check"));
    // The default synth (with its policy report) into a fresh folder, as the --no-validate one above.
    const validated = settled(() => synthCli(workload(roots, [], n, "reference")), {}, [0, 1]);
    let baseline = "n/a";
    let baselineRatio = "n/a";
    let validatedRatio = "n/a";
    if (baselineReady) {
      const cdk8s = () => [join(BASELINE_DIR, "node_modules/.bin/cdk8s"), "synth", "--output", join(scratch(roots, `cdk8s-${n}`), "dist")];
      const b = settled(cdk8s, { cwd: BASELINE_DIR, env: { BENCH_SERVICES: String(n) } });
      baseline = fmt(b.seconds);
      baselineRatio = `${fmt(b.seconds / fresh.seconds, 1)}x`;
      validatedRatio = `${fmt(b.seconds / validated.seconds, 1)}x`;
    }
    perManifest.push(fresh.seconds / manifests);
    freshSeconds.set(n, fresh.seconds);
    rows.push([
      String(n),
      String(manifests),
      fmt(fresh.seconds),
      fmt(manifests / fresh.seconds, 0),
      fmt(fresh.peakRssMiB, 0),
      fmt(unchanged.seconds),
      fmt(check.seconds),
      fmt(validated.seconds),
      `${fmt(validated.seconds / fresh.seconds)}x`,
      fmt(validated.peakRssMiB, 0),
      baseline,
      baselineRatio,
      validatedRatio,
    ]);
  }
  table(
    "synth, reference workload: 3 environments x N services (targets: N=10 <= 0.2 s, N=1000 <= 1.5 s and <= 300 MiB; with the report at N=1000 <= 1.25x, <= 300 MiB, >= 4x the cdk8s CLI)",
    ["N", "files", "synth s", "files/s", "peak MiB", "rerun s", "check s", "+validate s", "+validate/synth", "+validate MiB", "cdk8s CLI s", "speed-up", "speed-up +validate"],
    rows,
  );
  console.log(
    "Per service a Deployment, ServiceAccount, ConfigMap, Service, HPA, PDB and NetworkPolicy; per namespace its baseline; Velero schedule and Argo CD application.\n" +
      `Best of ${REPEATS} runs each (peak: the highest), earlier writes flushed first, fresh runs into new folders. ` +
      "synth s: CLI, fresh generated/, --no-validate; rerun: unchanged output; check: --check; +validate: the default synth with the policy report, fresh generated/; speed-up: the cdk8s CLI's time over synth's (--no-validate, then with the report).",
  );
  if (perManifest.length > 1) {
    const growth = perManifest.map((p, i) => (i === 0 ? "1.00" : fmt(p / perManifest[0]!))).join(" / ");
    console.log(`cost per file relative to N=${SIZES[0]} (1.00 = linear): ${growth}`);
  }
  return freshSeconds;
}

/** Everything switched on: monitoring, promtool tests, backups and their alerts; full against serving-only. */
function benchFull(roots: string[], referenceSeconds: Map<number, number>): void {
  const rows: string[][] = [];
  for (const n of SIZES) {
    const written: string[] = [];
    const fresh = settled(() => synthCli(workload(roots, written, n, "full"), "--no-validate"));
    const root = written[0]!;
    const unchanged = settled(synthCli(root, "--no-validate"));
    const serving = synthOnce(root, "serving");
    const full = synthOnce(root, "full");
    rows.push([
      String(n),
      String(fileCount(fresh.stdout)),
      fmt(fresh.seconds),
      fmt(fresh.peakRssMiB, 0),
      fmt(unchanged.seconds),
      fmt(serving.renderSeconds),
      fmt(full.renderSeconds),
      fmt(full.renderSeconds / serving.renderSeconds),
      fmt(full.seconds / serving.seconds),
      referenceSeconds.has(n) ? fmt(fresh.seconds / referenceSeconds.get(n)!) : "n/a",
    ]);
  }
  table(
    "synth, full workload: plus ConfigMap, ServiceMonitor, PrometheusRule (burn-rate rules included), promtool tests and dashboard per service, namespace and backup alerts, overview dashboard (target: full <= 1.5x serving-only)",
    ["N", "files", "synth s", "peak MiB", "rerun s", "render serving s", "render full s", "render full/serving", "with writes full/serving", "CLI full/reference"],
    rows,
  );
  console.log("render: environments -> objects -> YAML in memory (serving-only: no monitoring, chaos, backups or Argo CD); with writes: plus writing the files; CLI full/reference: this fresh synth against the reference one.");
}

/** A new folder holding the workload's environments (noted in `written`). */
function workload(roots: string[], written: string[], n: number, profile: WorkloadProfile): string {
  const root = scratch(roots, `${profile}-${n}`);
  writeWorkload(root, n, profile);
  written.push(root);
  return root;
}

/** A fresh folder for one workload; all are removed at the end, so no measurement pays for deleting another's files. */
function scratch(roots: string[], name: string): string {
  const root = mkdtempSync(join(tmpdir(), `gitops-forge-bench-${name}-`));
  roots.push(root);
  return root;
}

function benchSynth(): void {
  const roots: string[] = [];
  try {
    benchFull(roots, benchReference(roots));
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}

/** Benchmarks of the other commands live beside this file, one module each. */
async function benchOthers(): Promise<void> {
  for (const name of ["load", "alerts", "validate", "pr", "cluster"].filter(wanted)) {
    const file = join(REPO, "scripts/bench", `${name}.ts`);
    if (!existsSync(file)) continue;
    const module = (await import(file)) as { run: () => Promise<void> };
    console.log(`\n# ${name}`);
    await module.run();
  }
}

const BENCH = {
  name: "bench",
  invocation: "npm run bench --",
  summary: "speed and memory figures of every command (npm run bench)",
  description: `Prints speed and memory figures of every command. Narrowed by environment variables:
  BENCH_ONLY=synth,validate  only these parts
  BENCH_SIZES=10,100,1000    services per environment
  BENCH_REPEATS=3            runs per figure (the best counts)
  BENCH_SKIP_BASELINE=1      skip the cdk8s CLI baseline`,
  options: {},
} as const satisfies CommandSpec;

await runCli(async () => {
  parseCommand(BENCH, process.argv.slice(2));
  console.log(`gitops-forge bench on ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`);
  if (wanted("synth")) {
    console.log(`\n# synth`);
    benchSynth();
  }
  await benchOthers();
});
