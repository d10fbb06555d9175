/**
 * Benchmark of `validate` on the reference workload (3 environments × N
 * services, synthesized into one manifest per file): whole catalogue with
 * schema validation, against the floor of parsing and schema-validating the
 * same files without policies. Run at several N to show growth is linear.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { collectFiles, readManifestFile, validateManifests } from "../../policies/engine";
import { SchemaRegistry } from "../../policies/engine/kubernetes-schema";
import { writeWorkload, type WorkloadProfile } from "./workload";

const ROOT = resolve(import.meta.dirname, "../..");
const SIZES = (process.env.BENCH_SIZES ?? "250,500,1000").split(",").map(Number);
const REPETITIONS = 5;
/** The reference workload: serving objects per service, namespace objects, backups, Argo CD; monitoring off. */
const PROFILE: WorkloadProfile = "reference";

/**
 * The reference workload (scripts/bench/workload.ts) synthesized by `synth`, as a
 * user would; without synth's own policy report, which is what is measured here.
 */
function synthesize(root: string, services: number): string {
  writeWorkload(root, services, PROFILE);
  const proc = Bun.spawnSync([process.execPath, join(ROOT, "scripts/synth.ts"), "--no-validate", "--root", root], { stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`synth failed: ${proc.stderr.toString().slice(-2000)}`);
  return join(root, "generated");
}

async function floor(files: string[]): Promise<number> {
  Bun.gc(true); // every measurement starts from a collected heap
  const start = performance.now();
  const inputs = files.flatMap(readManifestFile);
  const registry = new SchemaRegistry([resolve(ROOT, "../shared/crds")]);
  await registry.prepare(new Set(inputs.map((i) => `${String(i.object.apiVersion)}/${String(i.object.kind)}`)));
  let errors = 0;
  for (const input of inputs) errors += registry.validatorFor(String(input.object.apiVersion), String(input.object.kind))?.(input.object).length ?? 0;
  if (errors > 0) throw new Error(`reference workload has ${errors} schema errors`);
  return performance.now() - start;
}

async function full(files: string[]): Promise<{ ms: number; findings: number }> {
  Bun.gc(true);
  const start = performance.now();
  const inputs = files.flatMap(readManifestFile);
  const report = await validateManifests(inputs, { root: ROOT });
  return { ms: performance.now() - start, findings: report.findings.length };
}

/** Measures one size in this process and prints its figures as JSON. */
async function measure(services: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "validate-bench-"));
  try {
    const files = collectFiles([synthesize(work, services)]);
    await full(files.slice(0, 200)); // warm-up: module loading and schema compilation
    // Interleaved repetitions, best of each: the machine is shared, the minimum is the signal.
    const floors: number[] = [];
    const runs: Array<{ ms: number; findings: number }> = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
      floors.push(await floor(files));
      runs.push(await full(files));
    }
    console.log(JSON.stringify({ manifests: files.length, findings: runs[0]!.findings, floorMs: Math.min(...floors), fullMs: Math.min(...runs.map((r) => r.ms)) }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Each size runs in a fresh process, so one size's heap does not slow the next. */
export async function run(): Promise<void> {
  let perManifestAtSmallest: number | undefined;
  for (const services of SIZES) {
    const proc = Bun.spawnSync([process.execPath, import.meta.filename, String(services)], { stdout: "pipe", stderr: "pipe" });
    if (proc.exitCode !== 0) throw new Error(`validate bench at N=${services} failed: ${proc.stderr.toString().slice(-2000)}`);
    const m = JSON.parse(proc.stdout.toString()) as { manifests: number; findings: number; floorMs: number; fullMs: number };
    const perManifest = m.fullMs / m.manifests;
    perManifestAtSmallest ??= perManifest;
    console.log(
      `validate N=${services} (${PROFILE} profile): ${m.manifests} manifests, ${m.findings} findings | end-to-end ${m.fullMs.toFixed(0)} ms = ${((m.manifests / m.fullMs) * 1000).toFixed(0)} manifests/s | floor (parse + schema) ${m.floorMs.toFixed(0)} ms = ${((m.manifests / m.floorMs) * 1000).toFixed(0)} manifests/s | ratio to floor ${(m.fullMs / m.floorMs).toFixed(2)}x | time per manifest vs N=${SIZES[0]}: ${(perManifest / perManifestAtSmallest).toFixed(2)}x`,
    );
  }
}

if (import.meta.main) {
  const size = process.argv[2];
  if (size) await measure(Number(size));
  else await run();
}
