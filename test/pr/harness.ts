import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GitHubOpenApi } from "../loopback/github/openapi";
import { LoopbackGitHub, type LoopbackOptions } from "../loopback/github/server";
import { runPr, type GroupResult, type RunOptions, type Synthesized } from "../../scripts/pr/run";
import type { OutputFolder } from "../../scripts/lib/synth/pipeline";
import { delivery, folder, provenance } from "./fixtures";

/** One OpenAPI description per test file: parsing it is the slow part of starting a server. */
let api: GitHubOpenApi | undefined;

export type RunExtras = Partial<RunOptions> & {
  env?: string;
  deliveryOverrides?: Parameters<typeof delivery>[1];
  /** More synthesized folders beside generated/<env>/ (e.g. argocd/<env>). */
  alsoFolders?: OutputFolder[];
};

export interface Harness {
  gh: LoopbackGitHub;
  output: string[];
  run(files: Map<string, string>, extra?: RunExtras): Promise<GroupResult[]>;
  /** What a branch of the bare repository holds, read with git. */
  files(branch: string): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

/** Base branch content every flow starts from: a file outside generated/ and another environment's folder. */
export const SEED = new Map([
  ["README.md", "# ML GitOps\n"],
  ["generated/staging/ml-serving/search/deployment.yaml", "kind: Deployment\nmetadata:\n  name: search\n"],
]);

export async function startHarness(opts: Partial<LoopbackOptions> = {}, seed = SEED): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pr-test-"));
  api ??= new GitHubOpenApi();
  const gh = await LoopbackGitHub.start({ dir: join(dir, "repo.git"), ...opts }, api);
  await gh.store.commitFiles(gh.defaultBranch, seed, "Initial content");
  const output: string[] = [];
  return {
    gh,
    output,
    run: (files, extra = {}) => {
      const env = extra.env ?? "production";
      const input: Synthesized = { deliveries: [delivery(env, extra.deliveryOverrides)], folders: [folder(env, files), ...(extra.alsoFolders ?? [])] };
      return runPr(input, {
        root: dir,
        dryRun: false,
        allowViolations: false,
        transport: "github",
        provenance: provenance("a".repeat(40)),
        token: "test-token",
        apiUrl: gh.url,
        client: { writeSpacingMs: 0, retryBackoffMs: 5, retryAfterUnitMs: 1000 },
        print: (text) => output.push(text),
        ...extra,
      });
    },
    files: (branch) => gh.store.readFiles(`refs/heads/${branch}`),
    stop: async () => {
      await gh.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
