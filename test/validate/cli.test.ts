import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policiesOf } from "../../policies/engine";
import { catalogueMarkdown } from "../../policies/engine/catalogue";
import { ROOT } from "./helpers";
import { tempDir } from "../helpers/temp-dir";

const BUN = join(ROOT, "node_modules/.bin/bun");

function validate(args: string[], stdin?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(BUN, ["scripts/validate.ts", ...args], { cwd: ROOT, input: stdin, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("validate command", () => {
  it("exits 0 on clean manifests", () => {
    const r = validate(["test/validate/fixtures/generated"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("PASS 0 errors, 0 warnings, 0 info in 13 resources (116 policies, 0 waived, 0 unvalidated)\n");
  });

  it("exits 1 on error-level violations and prints them", () => {
    const r = validate(["test/validate/fixtures/third-party/web.yaml", "--policy", "image-tag", "--format", "github"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error file=test/validate/fixtures/third-party/web.yaml,line=21,col=11,title=image-tag (Deployment/shop/web)::container nginx uses an unpinned image");
  });

  it("reads stdin with -", () => {
    const r = validate(["-", "--policy", "privileged-container", "--format", "json"], "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext: {privileged: true}\n");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { file: string; line: number; policy: string }) => [f.file, f.line, f.policy])).toEqual([["<stdin>", 8, "privileged-container"]]);
  });

  it("writes the report to --output", () => {
    const out = join(tempDir("out-"), "report.sarif");
    const r = validate(["test/validate/fixtures/third-party/web.yaml", "--format", "sarif", "--output", out]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  it("validates custom resources against CRDs given with --crds, and reports unknown kinds otherwise", () => {
    const dir = tempDir("crds-");
    writeFileSync(
      join(dir, "widgets.yaml"),
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: {type: integer, minimum: 1}\n",
    );
    const widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\nspec:\n  size: 0\n";
    const withCrd = validate(["-", "--crds", dir, "--policy", "kubernetes-schema", "--format", "json"], widget);
    expect(withCrd.code).toBe(1);
    expect(JSON.parse(withCrd.stdout).findings.map((f: { message: string; line: number }) => [f.message, f.line])).toEqual([["example.com/v1 Widget: spec.size must be >= 1", 5]]);
    const without = validate(["-", "--policy", "kubernetes-schema", "--policy", "unknown-kind", "--format", "json"], widget);
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout).unvalidated).toEqual([{ apiVersion: "example.com/v1", kind: "Widget", namespace: "shop", name: "w" }]);
  });

  it.each([
    [["--format", "xml"], /^error: validate: --format must be one of human, json, sarif, junit, github, markdown, not "xml"/],
    [["--bogus"], /^error: validate: unknown option --bogus; see `gitops-forge validate --help`\n$/],
    [["--polcy", "x"], /^error: validate: unknown option --polcy \(did you mean --policy\?\)/],
    [["no/such/dir"], /^error: no\/such\/dir: no such file or directory/],
    [["test/validate/fixtures/generated", "--policy", "nope"], /^error: unknown policy id "nope"/],
    [["test/validate/fixtures/generated", "--config", "no-such-config.yaml"], /^error: no-such-config.yaml: no such file/],
  ])("exits 2 on usage or input errors: %j", (args, message) => {
    const r = validate(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain("    at ");
  });

  it("exits 2 with file and line on bad YAML from stdin", () => {
    const r = validate(["-"], "apiVersion: v1\nkind: ConfigMap\ndata: [\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: <stdin>:\d+:\d+: /);
  });

  it("prints the catalogue for tools with --list --format json", () => {
    const r = validate(["--list", "--format", "json"]);
    expect(r.code).toBe(0);
    const catalogue = JSON.parse(r.stdout).policies as Array<{ id: string; severity: string; parameters: object; equivalents: object }>;
    expect(catalogue.map((p) => p.id)).toEqual(policiesOf(ROOT).map((p) => p.id));
    expect(catalogue.find((p) => p.id === "min-replicas")).toMatchObject({ severity: "error", parameters: { minReplicas: { default: 2 } }, equivalents: { polaris: ["deploymentMissingReplicas"], "kube-linter": ["minimum-three-replicas"] } });
  });
});

describe("validate output through a pipe", () => {
  it("writes a report longer than a pipe holds whole, even to a reader that starts late", () => {
    // The reader sleeps first, so the 64 KiB pipe fills before anything is read; the catalogue is twice that.
    const r = spawnSync("sh", ["-c", `"${BUN}" scripts/validate.ts --list --format json | (sleep 1; cat)`], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65536);
    expect((JSON.parse(r.stdout) as { policies: unknown[] }).policies.length).toBe(policiesOf(ROOT).length);
  });
});

describe("compiled policy checks", () => {
  // Quantities compare by value (24Gi = 24576Mi) through a keyword whose cached code requires its module.
  const manifest = (request: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      resources: {requests: {memory: ${request}}, limits: {memory: 24Gi}}\n`;
  const findings = () => {
    const dir = tempDir("quantity-");
    writeFileSync(join(dir, "same.yaml"), manifest("24576Mi"));
    writeFileSync(join(dir, "smaller.yaml"), manifest("16Gi"));
    const r = validate([dir, "--policy", "memory-requests-equal-limits", "--format", "json"]);
    return { code: r.code, stderr: r.stderr, files: (JSON.parse(r.stdout) as { findings: Array<{ file: string; line: number }> }).findings.map((f) => [f.file.slice(dir.length + 1), f.line]) };
  };
  const expected = { code: 0, stderr: "", files: [["smaller.yaml", 8]] }; // a warning: the run passes
  const cache = join(ROOT, "node_modules/.cache/gitops-forge");
  const quantityEntries = () => readdirSync(cache).filter((f) => f.startsWith("policy-check-") && f.endsWith(".cjs") && readFileSync(join(cache, f), "utf8").includes("sameQuantity"));

  it("give the same findings compiled, from the cache, and after a damaged cache entry is rebuilt", () => {
    mkdirSync(cache, { recursive: true });
    for (const entry of quantityEntries()) rmSync(join(cache, entry));
    expect(findings()).toEqual(expected);
    const cached = quantityEntries();
    expect(cached.length).toBeGreaterThan(0);
    expect(findings()).toEqual(expected);
    for (const entry of cached) writeFileSync(join(cache, entry), "this is not JavaScript (");
    expect(findings()).toEqual(expected);
    expect(cached.every((entry) => readFileSync(join(cache, entry), "utf8").includes("sameQuantity"))).toBe(true);
  });
});

describe("policies/README.md", () => {
  it("is the generated catalogue, up to date with the policy files", () => {
    expect(readFileSync(join(ROOT, "policies/README.md"), "utf8")).toBe(catalogueMarkdown(policiesOf(ROOT)));
  });
});
