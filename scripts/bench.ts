// `npm run bench`: speed and memory of every command, printed as figures and
// ratios against their targets and baselines. Nothing here is asserted: a
// slow machine prints slow figures.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeWorkload } from "./bench/workload";

const REPO = resolve(import.meta.dirname, "..");
const BUN = process.execPath;
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
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

/** A synth whose policy report may find violations (exit 1) in the synthetic workload. */
const timedAllowingFindings = (cmd: string[]) => timed(cmd, {}, [0, 1]);

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

function benchSynth(): void {
  const rows: string[][] = [];
  const perManifest: number[] = [];
  const baselineReady = process.env.BENCH_SKIP_BASELINE ? false : ensureBaseline();
  for (const n of SIZES) {
    const root = mkdtempSync(join(tmpdir(), `gitops-forge-bench-${n}-`));
    try {
      writeWorkload(root, n);
      const fresh = timed([BUN, "scripts/synth.ts", "--root", root, "--no-validate"]);
      const manifests = [...fresh.stdout.matchAll(/(\d+) files/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      const unchanged = timed([BUN, "scripts/synth.ts", "--root", root, "--no-validate"]);
      const check = timed([BUN, "scripts/synth.ts", "--root", root, "--check"]);
      const validated = timedAllowingFindings([BUN, "scripts/synth.ts", "--root", root]);
      const serving = JSON.parse(timed([BUN, "scripts/bench/synth-once.ts", root, "serving"]).stdout);
      const full = JSON.parse(timed([BUN, "scripts/bench/synth-once.ts", root, "full"]).stdout);
      let baseline = "n/a";
      let baselineRatio = "n/a";
      if (baselineReady) {
        const out = join(root, "cdk8s-dist");
        const b = timed([join(BASELINE_DIR, "node_modules/.bin/cdk8s"), "synth", "--output", out], { cwd: BASELINE_DIR, env: { BENCH_SERVICES: String(n) } });
        baseline = fmt(b.seconds);
        baselineRatio = `${fmt(b.seconds / fresh.seconds, 1)}x`;
      }
      perManifest.push(fresh.seconds / manifests);
      rows.push([
        String(n),
        String(manifests),
        fmt(fresh.seconds),
        fmt(manifests / fresh.seconds, 0),
        fmt(fresh.peakRssMiB, 0),
        fmt(unchanged.seconds),
        fmt(check.seconds),
        fmt(validated.seconds),
        fmt(validated.peakRssMiB, 0),
        fmt(serving.renderSeconds),
        fmt(full.renderSeconds),
        fmt(full.renderSeconds / serving.renderSeconds),
        fmt(full.seconds / serving.seconds),
        baseline,
        baselineRatio,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  table(
    "synth: 3 environments x N services (targets: N=10 <= 0.2 s, N=1000 <= 1.5 s and <= 300 MiB, full <= 1.5x serving-only)",
    ["N", "files", "synth s", "files/s", "peak MiB", "rerun s", "check s", "+validate s", "+validate MiB", "render serving s", "render full s", "render full/serving", "with writes full/serving", "cdk8s CLI s", "speed-up"],
    rows,
  );
  console.log(
    "synth s: CLI, fresh generated/, --no-validate; rerun: unchanged output; check: --check; +validate: the default synth with the policy report.\n" +
      "render: environments -> objects -> YAML in memory (serving-only: no monitoring, chaos, backups or Argo CD); with writes: plus writing the files.",
  );
  if (perManifest.length > 1) {
    const growth = perManifest.map((p, i) => (i === 0 ? "1.00" : fmt(p / perManifest[0]!))).join(" / ");
    console.log(`cost per manifest relative to N=${SIZES[0]} (1.00 = linear): ${growth}`);
  }
}

/** Benchmarks of the other commands live beside this file, one module each. */
async function benchOthers(): Promise<void> {
  for (const name of ["alerts", "validate", "pr", "cluster"]) {
    const file = join(REPO, "scripts/bench", `${name}.ts`);
    if (!existsSync(file)) continue;
    const module = (await import(file)) as { run: () => Promise<void> };
    console.log(`\n# ${name}`);
    await module.run();
  }
}

console.log(`gitops-forge bench on ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`);
console.log(`\n# synth`);
benchSynth();
await benchOthers();
