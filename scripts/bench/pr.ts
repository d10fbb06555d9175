import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoopbackGitHub } from "../../test/loopback/github/server";
import { runPr, type RunOptions } from "../pr/run";
import type { Delivery } from "../pr/config";

/**
 * pr against the loopback GitHub: a change touching 3,000 files and no-op runs
 * of several sizes. Prints API calls (the archive download a redirect leads to
 * is counted apart) and wall time, against the targets of ≤ 12 calls for the
 * large change and ≤ 4 for a no-op whatever the number of files.
 */
const CHANGE_TARGET = 12;
const NOOP_TARGET = 4;

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
  return { calls: gh.apiCalls().length, downloads: gh.calls.length - gh.apiCalls().length, ms, outcome: result!.outcome };
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

function line(label: string, m: Measured, target: number): string {
  return `  ${label.padEnd(52)} ${String(m.calls).padStart(3)} API calls (target ≤ ${target}, ${(m.calls / target).toFixed(2)}× of budget)` +
    `${m.downloads ? ` + ${m.downloads} archive download` : ""}, ${m.ms.toFixed(0).padStart(6)} ms  [${m.outcome}]`;
}

export async function run(): Promise<void> {
  console.log("pr against the loopback GitHub (real bare repository, requests checked against GitHub's OpenAPI description)");
  for (const spacing of [0, undefined]) {
    const label = spacing === 0 ? "write spacing off (loopback only)" : "production write spacing (1 s writes, 3 s notifying writes)";
    console.log(` ${label}:`);
    await scenario(async (gh, root) => {
      await gh.store.commitFiles("main", merge(new Map([["README.md", "# GitOps\n"]]), under(manifests(3000, "1"))), "Deployed");
      console.log(line("change touching 3,000 files (first PR)", await measure(gh, manifests(3000, "2"), root, spacing), CHANGE_TARGET));
      console.log(line("change touching 3,000 files (update of the open PR)", await measure(gh, manifests(3000, "3"), root, spacing), CHANGE_TARGET));
      gh.closePull(1);
      console.log(line("change touching 3,000 files (replaces a closed PR)", await measure(gh, manifests(3000, "4"), root, spacing), CHANGE_TARGET));
      await gh.mergePull(2);
      console.log(line("no-op, 3,000 files (after merge)", await measure(gh, manifests(3000, "4"), root, spacing), NOOP_TARGET));
    });
  }
  await scenario(async (gh, root) => {
    await gh.store.commitFiles("main", under(manifests(30, "1")), "Deployed");
    console.log(line("no-op, 30 files", await measure(gh, manifests(30, "1"), root, 0), NOOP_TARGET));
  });
}

function merge(...maps: Map<string, string>[]): Map<string, string> {
  return new Map(maps.flatMap((m) => [...m]));
}

if (import.meta.main) await run();
