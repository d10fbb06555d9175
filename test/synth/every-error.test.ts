// Every mistake of a run at once (like a compiler): each command that reads the
// environments prints one line per mistake, sorted by file and position, exit 2,
// nothing written; the charts' own checks and the schema's do not hide the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { readTree } from "../../scripts/lib/output/tree";
import { loadChartEnvironments } from "../../charts/load-environment";
import { MAX_REPORTED_ERRORS, UserError, errorLines } from "../../environments/source/errors";
import { loadEnvironment } from "../../environments/load-environment";
import { REPO_ROOT, removeScratch, runCommand, scratchRepo } from "../helpers/repo";
import { VALID_DEV } from "../helpers/bad-environments";

/** VALID_DEV with mistakes in several services and several checks: schema, references, names, container, the charts' PromQL, backups. */
const MANY_MISTAKES =
  VALID_DEV.replace("namespaces:", 'backup: { schedule: "0 2 * * 0", ttl: 72h }\nnamespaces:').replace("pool: l4", "pool: h100") +
  `    probes:
      liveness: { successThreshold: 2, httpGet: { path: /live, port: admin } }
  embeddings:
    imgae: x
  churn-predictor:
    dependencies: { services: [ghost] }
    dashboard: { panels: [{ title: Tokens, expr: "rate(" }] }
  default-deny:
    image: { repository: ghcr.io/acme/x, tag: "1" }
    resources: { cpu: "1", memory: 1Gi }
`;

/** What every command prints for MANY_MISTAKES plus a mistake in base.yaml (seen by all three environments) and one in staging.yaml. */
const EXPECTED = [
  'error: environments/base.yaml:131:5 services.search.replicsa: unknown field "replicsa" (did you mean "replicas"?)',
  "error: environments/dev.yaml:6:34 backup.ttl: 72h is shorter than the schedule's interval (168h): a backup would expire before the next one",
  'error: environments/dev.yaml:12:12 services.llm-chat.gpu.pool: GPU pool "h100" is not defined under gpuPools (a100, l4)',
  "error: environments/dev.yaml:14:19 services.llm-chat.probes.liveness.successThreshold: must be 1 for a liveness probe (Kubernetes rejects anything else)",
  'error: environments/dev.yaml:14:64 services.llm-chat.probes.liveness.httpGet.port: no container port is named "admin" (http 8080, metrics 9090)',
  'error: environments/dev.yaml:16:5 services.embeddings.imgae: unknown field "imgae" (did you mean "image"?)',
  'error: environments/dev.yaml:18:32 services.churn-predictor.dependencies.services.0: service "ghost" does not exist in this environment',
  'error: environments/dev.yaml:19:44 services.churn-predictor.dashboard.panels.0.expr: panel "Tokens": invalid PromQL: expected 1 argument(s) in call to "rate", got 0 at character 1 in "rate("',
  'error: environments/dev.yaml:20:3 services.default-deny: "default-deny" cannot name a service: every namespace has an object of that name (defaultDeny), which the service\'s would replace',
  'error: environments/staging.yaml:4:1 tier: must be one of "development", "staging", "production"',
];

let repo: string;
let before: Map<string, string>;

beforeAll(() => {
  repo = scratchRepo();
  expect(runCommand("synth", ["--root", repo, "--no-validate"]).code).toBe(0);
  before = readTree(join(repo, "generated"));
  writeFileSync(join(repo, "environments/dev.yaml"), MANY_MISTAKES);
  const base = readFileSync(join(repo, "environments/base.yaml"), "utf8");
  writeFileSync(join(repo, "environments/base.yaml"), base.replace("  search:\n", "  search:\n    replicsa: 2\n"));
  const staging = readFileSync(join(repo, "environments/staging.yaml"), "utf8");
  writeFileSync(join(repo, "environments/staging.yaml"), staging.replace("tier: staging", "tier: stagin"));
});
afterAll(() => removeScratch(repo));

describe("every mistake of a run at once", () => {
  it("synth prints each mistake of every environment on its own line, sorted by file and position, once, and writes nothing", () => {
    const result = runCommand("synth", ["--root", repo]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toEqual(EXPECTED);
    expect(readTree(join(repo, "generated"))).toEqual(before);
  });

  it.each([
    ["diff", ["diff", "--root"]],
    ["pr --dry-run", ["pr", "--dry-run", "--root"]],
    ["alert-tests --environments", ["alert-tests", "--environments", "--root"]],
  ])("%s prints the same lines", (_, [command, ...args]) => {
    const result = runCommand(command!, [...args, repo]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toEqual(EXPECTED);
    expect(readTree(join(repo, "generated"))).toEqual(before);
  });

  it("`cdk8s synth` (cdk8s.yaml's app) prints the same lines, no stack, and writes no chart", () => {
    const out = mkdtempSync(join(tmpdir(), "gitops-forge-cdk8s-"));
    try {
      const app = (parse(readFileSync(join(REPO_ROOT, "cdk8s.yaml"), "utf8")) as { app: string }).app;
      const proc = spawnSync("sh", ["-c", app], { cwd: REPO_ROOT, env: { ...process.env, GITOPS_FORGE_ROOT: repo, CDK8S_OUTDIR: out }, encoding: "utf8" });
      expect(proc.status, proc.stderr).toBe(2);
      expect(proc.stderr.trimEnd().split("\n")).toEqual(EXPECTED);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      removeScratch(out);
    }
  });

  it("a value the schema refused is not judged again: its service's and its field's other checks are skipped, not misled", () => {
    const dir = scratchRepo();
    try {
      // count 0 is refused: the pool it names is not looked up; tier "prod" is refused: no production rule (backups, RBAC) is applied.
      writeFileSync(join(dir, "environments/dev.yaml"), VALID_DEV.replace("tier: development", "tier: prod").replace("pool: l4, count: 1", "pool: h100, count: 0") + "    rbac: { rules: [{ resources: [secrets], verbs: [list] }] }\nbackup: { ttl: 1h }\n");
      expect(failureLines(() => loadChartEnvironments(dir, ["dev"]))).toEqual([
        'error: environments/dev.yaml:2:1 tier: must be one of "development", "staging", "production"',
        "error: environments/dev.yaml:11:24 services.llm-chat.gpu.count: must be >= 1",
      ]);
    } finally {
      removeScratch(dir);
    }
  });

  it("a check that stumbles on data the schema refused adds nothing; without a schema error it is a bug and surfaces", () => {
    const dir = scratchRepo();
    try {
      const stumbling = { services: [() => { throw new TypeError("cannot read properties of undefined"); }] };
      writeFileSync(join(dir, "environments/dev.yaml"), VALID_DEV + "  search:\n    replicas: 0\n");
      expect(failureLines(() => loadEnvironment(dir, "dev", stumbling))).toEqual(["error: environments/dev.yaml:13:5 services.search.replicas: must be >= 1"]);
      writeFileSync(join(dir, "environments/dev.yaml"), VALID_DEV);
      expect(() => loadEnvironment(dir, "dev", stumbling)).toThrow(TypeError);
    } finally {
      removeScratch(dir);
    }
  });

  it(`past ${MAX_REPORTED_ERRORS} mistakes, the first ${MAX_REPORTED_ERRORS} in file order and then how many more`, () => {
    const dir = scratchRepo();
    try {
      const unknownFields = (count: number) => Array.from({ length: count }, (_, i) => `    bogus${i}: 1\n`).join("");
      writeFileSync(join(dir, "environments/dev.yaml"), VALID_DEV + unknownFields(15));
      writeFileSync(join(dir, "environments/qa.yaml"), VALID_DEV + unknownFields(15));
      const lines = failureLines(() => loadChartEnvironments(dir, ["dev", "qa"]));
      const at = (file: string, i: number) => `error: environments/${file}.yaml:${12 + i}:5 services.llm-chat.bogus${i}: unknown field "bogus${i}"`;
      expect(lines).toEqual([
        ...Array.from({ length: 15 }, (_, i) => at("dev", i)),
        ...Array.from({ length: MAX_REPORTED_ERRORS - 15 }, (_, i) => at("qa", i)),
        `error: and ${30 - MAX_REPORTED_ERRORS} more errors`,
      ]);
    } finally {
      removeScratch(dir);
    }
  });
});

/** The lines a command prints for what `load` throws. */
function failureLines(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return errorLines(err as UserError).map((line) => line.replace(/ \(did you mean "[^"]+"\?\)$/, ""));
  }
  throw new Error("expected the environments to fail to load");
}
