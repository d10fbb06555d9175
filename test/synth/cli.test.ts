import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTree } from "../../scripts/lib/output/tree";
import { REPO_ROOT, removeScratch, runCommand, scratchRepo } from "../helpers/repo";

const scratches: string[] = [];
const scratch = (withGenerated = false) => {
  const dir = scratchRepo({ withGenerated });
  scratches.push(dir);
  return dir;
};
afterEach(() => scratches.splice(0).forEach(removeScratch));

const synth = (dir: string, ...args: string[]) => runCommand("synth", ["--root", dir, ...args]);

describe("synth (spawned under Bun, as a user runs it)", () => {
  it("writes one file per resource and is byte-identical across runs and to the committed generated/", () => {
    const first = scratch();
    const second = scratch();
    expect(synth(first).code).toBe(0);
    expect(synth(second).code).toBe(0);
    const a = readTree(join(first, "generated"));
    const b = readTree(join(second, "generated"));
    expect(a.size).toBeGreaterThan(100);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, text] of a) expect(b.get(path)).toBe(text);
    const committed = readTree(join(REPO_ROOT, "generated"));
    expect([...committed.keys()]).toEqual([...a.keys()]);
    for (const [path, text] of a) expect(committed.get(path), path).toBe(text);
  });

  it("lays files out by environment, namespace, service and kind", () => {
    const dir = scratch();
    synth(dir);
    const files = [...readTree(join(dir, "generated")).keys()];
    expect(files).toContain("production/ml-llm/llm-chat/deployment.yaml");
    expect(files).toContain("production/ml-llm/llm-chat/configmap-llm-chat-env.yaml");
    expect(files).toContain("production/ml-serving/_namespace/namespace-ml-serving.yaml");
    expect(files).toContain("production/ml-serving/_namespace/networkpolicy-default-deny.yaml");
    expect(files.every((f) => /^[a-z0-9-]+\/[a-z0-9-]+\/[_a-z0-9-]+\/[a-z0-9-]+\.yaml$/.test(f) || /^(argocd|alert-tests)\//.test(f))).toBe(true);
    expect(files).toContain("alert-tests/production/ml-llm/llm-chat/prometheusrule.promtool-test.yaml");
  });

  it("--check passes on a fresh synth and lists hand edits, extra and missing files", () => {
    const dir = scratch();
    synth(dir);
    expect(synth(dir, "--check").code).toBe(0);
    const deployment = join(dir, "generated/dev/ml-serving-dev/search/deployment.yaml");
    writeFileSync(deployment, "# hand edit\n");
    writeFileSync(join(dir, "generated/dev/ml-serving-dev/search/extra.yaml"), "kind: ConfigMap\n");
    rmSync(join(dir, "generated/staging/ml-serving-staging/search/service.yaml"));
    const result = synth(dir, "--check");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("differs  generated/dev/ml-serving-dev/search/deployment.yaml");
    expect(result.stdout).toContain("extra    generated/dev/ml-serving-dev/search/extra.yaml");
    expect(result.stdout).toContain("missing  generated/staging/ml-serving-staging/search/service.yaml");
    // --check never writes.
    expect(readTree(join(dir, "generated")).get("dev/ml-serving-dev/search/deployment.yaml")).toBe("# hand edit\n");
  });

  it("--env synthesizes only the named environments and leaves the others alone", () => {
    const dir = scratch();
    const result = synth(dir, "--env", "staging");
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, "generated")).sort()).toEqual(["alert-tests", "argocd", "staging"]);
    expect(readdirSync(join(dir, "generated/argocd"))).toEqual(["staging"]);
    expect(synth(dir, "--env", "nope").stderr).toContain('unknown environment "nope"');
  });

  it("prunes files of resources that no longer exist, and folders of removed environments", () => {
    const dir = scratch();
    synth(dir);
    const envFile = join(dir, "environments/dev.yaml");
    // Drop the ingress of search in dev and remove the staging environment.
    const text = readFileSync(envFile, "utf8").replace("    ingress:\n      host: search.dev.acme.example\n", "");
    writeFileSync(envFile, text);
    rmSync(join(dir, "environments/staging.yaml"));
    mkdirSync(join(dir, "generated/dev/stale-service"), { recursive: true });
    writeFileSync(join(dir, "generated/dev/stale-service/deployment.yaml"), "kind: Deployment\n");
    const result = synth(dir);
    expect(result.code).toBe(0);
    const files = [...readTree(join(dir, "generated")).keys()];
    expect(files).not.toContain("dev/ml-serving-dev/search/ingress.yaml");
    expect(files.some((f) => f.startsWith("dev/stale-service/"))).toBe(false);
    expect(files.some((f) => f.startsWith("staging/"))).toBe(false);
    expect(files).toContain("dev/ml-serving-dev/search/deployment.yaml");
  });

  it("reports an unchanged run and rewrites nothing", () => {
    const dir = scratch();
    synth(dir);
    const result = synth(dir);
    expect(result.stdout).toMatch(/generated\/dev: \d+ files \(unchanged\)/);
    expect(existsSync(join(dir, "generated/.gitops-forge-transaction"))).toBe(false);
  });

  it("validates what it wrote: exit 1 on error-level violations, with the files written for review; --no-validate skips", () => {
    const dir = scratch();
    expect(synth(dir).stdout).toMatch(/^PASS 0 errors/m);
    const prod = join(dir, "environments/production.yaml");
    // A production service on one fixed replica breaks two error-level policies.
    writeFileSync(prod, readFileSync(prod, "utf8").replace("    autoscaling: { minReplicas: 3, maxReplicas: 12 }\n    ingress:\n      host: search.acme.example", "    autoscaling: null\n    replicas: 1\n    ingress:\n      host: search.acme.example"));
    const result = synth(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+Deployment search runs 1 replica\(s\), fewer than 2\s+\[min-replicas\]/);
    expect(result.stdout).toMatch(/^FAIL \d+ errors/m);
    expect(readFileSync(join(dir, "generated/production/ml-serving/search/deployment.yaml"), "utf8")).toContain("replicas: 1");
    const skipped = synth(dir, "--no-validate");
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).not.toMatch(/PASS|FAIL/);
  });

  it("rebuilds a damaged cached schema validator instead of failing", () => {
    const cache = join(REPO_ROOT, "node_modules/.cache/gitops-forge");
    const dir = scratch();
    expect(synth(dir, "--no-validate").code).toBe(0);
    const entries = readdirSync(cache).filter((f) => f.startsWith("environment-schema-") && f.endsWith(".cjs"));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) writeFileSync(join(cache, entry), "this is not JavaScript (");
    const result = synth(dir, "--check");
    expect(result.code).toBe(0);
    // Entries of other schema versions (another checkout sharing node_modules) stay as they are: one was rebuilt.
    expect(entries.some((entry) => readFileSync(join(cache, entry), "utf8").includes("validate"))).toBe(true);
  });
});
