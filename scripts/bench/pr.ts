import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoopbackGitHub } from "../../test/loopback/github/server";
import { runPr, type RunOptions } from "../pr/run";
import type { Delivery } from "../pr/config";

/**
 * pr against the loopback GitHub: a change touching 3,000 files and no-op runs
 * of several sizes. Prints API calls (the archive download a redirect leads to
 * is counted apart), write requests and wall time, against the targets of
 * ≤ 12 calls for the large change and ≤ 4 for a no-op whatever the number of
 * files; a rerun while the PR is open already holding the change must write
 * nothing (its reads: base, PR, branch head).
 */
const CHANGE_TARGET = 12;
const NOOP_TARGET = 4;
const OPEN_NOOP_TARGET = 6;

function manifests(count: number, version: string): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const ns = `team-${i % 30}`;
    files.set(
      `${ns}/svc-${i}/configmap.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: svc-${i}\n  namespace: ${ns}\ndata:\n  MODEL_VERSION: "${version}"\n  WARMUP_REQUESTS: "32"\n`,
    );
  }
  return files;
}

const delivery: Delivery = {
  environment: "production",
  production: true,
  repository: { owner: "acme", name: "ml-gitops" },
  baseBranch: "main",
  pathPrefix: "",
  branch: "gitops-forge/production",
  labels: ["gitops-forge"],
  reviewers: ["alice"],
  assignees: [],
  draft: false,
};

interface Measured {
  calls: number;
  writes: number;
  downloads: number;
  ms: number;
  outcome: string;
}

async function measure(gh: LoopbackGitHub, files: Map<string, string>, root: string, writeSpacingMs?: number): Promise<Measured> {
  gh.resetCounters();
  const opts: RunOptions = {
    root,
    dryRun: false,
    allowViolations: false,
    transport: "github",
    provenance: { repository: "acme/ml-platform", commit: "f".repeat(40), uncommitted: false, author: "Bench <bench@example.com>", committedAt: "2026-11-20T10:00:00.000Z", command: "gitops-forge pr" },
    token: "test-token",
    apiUrl: gh.url,
    client: writeSpacingMs === undefined ? {} : { writeSpacingMs },
    print: () => {},
  };
  const started = performance.now();
  const [result] = await runPr({ deliveries: [delivery], folders: [{ folder: "production", files, objects: new Map() }] }, opts);
  const ms = performance.now() - started;
  if (gh.violations.length) throw new Error(`loopback violations: ${gh.violations.join("; ")}`);
  return { calls: gh.apiCalls().length, writes: gh.apiCalls().filter((c) => c.method !== "GET").length, downloads: gh.calls.length - gh.apiCalls().length, ms, outcome: result!.outcome };
}

async function scenario<T>(fn: (gh: LoopbackGitHub, root: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), "bench-pr-"));
  const gh = await LoopbackGitHub.start({ dir: join(root, "repo.git") });
  try {
    return await fn(gh, root);
  } finally {
    await gh.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const under = (files: Map<string, string>) => new Map([...files].map(([p, t]) => [`generated/production/${p}`, t]));

interface Row {
  scenario: string;
  target: number;
  fast: Measured;
  spaced?: Measured;
}

/** The same scenarios with write spacing off (loopback only) and with GitHub's production spacing. */
async function changeScenarios(spacing: number | undefined): Promise<Measured[]> {
  return scenario(async (gh, root) => {
    await gh.store.commitFiles("main", merge(new Map([["README.md", "# GitOps\n"]]), under(manifests(3000, "1"))), "Deployed");
    const results = [await measure(gh, manifests(3000, "2"), root, spacing), await measure(gh, manifests(3000, "3"), root, spacing)];
    results.push(await measure(gh, manifests(3000, "3"), root, spacing));
    gh.closePull(1);
    results.push(await measure(gh, manifests(3000, "4"), root, spacing));
    await gh.mergePull(2);
    results.push(await measure(gh, manifests(3000, "4"), root, spacing));
    return results;
  });
}

export async function run(): Promise<void> {
  const fast = await changeScenarios(0);
  const spaced = await changeScenarios(undefined);
  const small = await scenario(async (gh, root) => {
    await gh.store.commitFiles("main", under(manifests(30, "1")), "Deployed");
    return measure(gh, manifests(30, "1"), root, 0);
  });
  const labels = ["3,000-file change, first PR", "3,000-file change, update of the open PR", "rerun, the open PR holds the change", "3,000-file change, replaces a closed PR", "no-op, 3,000 files"];
  const targets = [CHANGE_TARGET, CHANGE_TARGET, OPEN_NOOP_TARGET, CHANGE_TARGET, NOOP_TARGET];
  const rows: Row[] = labels.map((scenario, i) => ({ scenario, target: targets[i]!, fast: fast[i]!, spaced: spaced[i]! }));
  rows.push({ scenario: "no-op, 30 files", target: NOOP_TARGET, fast: small });
  const header = ["scenario", "API calls", "writes", "target", "calls/target", "archive downloads", "ms (spacing off)", "ms (GitHub spacing)", "outcome"];
  const cells = rows.map((r) => [
    r.scenario,
    String(r.fast.calls),
    String(r.fast.writes),
    `≤ ${r.target}`,
    (r.fast.calls / r.target).toFixed(2),
    String(r.fast.downloads),
    r.fast.ms.toFixed(0),
    r.spaced ? r.spaced.ms.toFixed(0) : "n/a",
    r.fast.outcome,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ");
  console.log("\n## pr against the loopback GitHub (real bare repository, requests checked against GitHub's OpenAPI description)");
  console.log(line(header));
  for (const c of cells) console.log(line(c));
  console.log("GitHub spacing: 1 s between writes, 3 s between writes that notify people (@octokit/plugin-throttling); the archive download follows the tarball API call's redirect.");
}

function merge(...maps: Map<string, string>[]): Map<string, string> {
  return new Map(maps.flatMap((m) => [...m]));
}

if (import.meta.main) await run();
