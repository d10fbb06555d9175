import { closeSync, openSync, writeFileSync, ftruncateSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, loadManifests, parseManifests, readManifestFile } from "../../policies/engine/input";
import { UserErrors } from "../../environments/source/errors";
import { FIXTURES, loadDir, run, summary, userErrorOf } from "./helpers";
import { tempDir } from "../helpers/temp-dir";

describe("reading manifests", () => {
  it("reads multi-document files and expands List items, keeping their place for line lookup", async () => {
    const inputs = loadDir(join(FIXTURES, "third-party"));
    expect(inputs.map((i) => [i.index, i.object.kind, i.pathPrefix ?? null])).toEqual([
      [0, "Deployment", null],
      [1, "Service", ["items", 0]],
      [1, "Service", ["items", 1]],
    ]);
    const report = await run(inputs, { policyIds: ["service-type"] });
    expect(report.findings.map((f) => [summary(f).path, f.line])).toEqual([["items[1].spec.type", 45]]);
  });

  it("audits third-party manifests without gitops-forge labels or layout", async () => {
    const report = await run(loadDir(join(FIXTURES, "third-party")), { policyIds: ["service-targets-pods", "run-as-non-root"] });
    expect(report.findings.map(summary)).toEqual([
      { policy: "run-as-non-root", severity: "error", resource: "Deployment/shop/web", path: "spec.template.spec.containers[0].securityContext.runAsNonRoot", message: "container nginx may run as root" },
      { policy: "service-targets-pods", severity: "error", resource: "Service/shop/web-admin", path: "items[1].spec.selector", message: "Service web-admin selects no pods in namespace shop" },
    ]);
  });

  it("rejects text that is not YAML with file, line and column", async () => {
    const err = await userErrorOf(() => parseManifests("bad.yaml", "apiVersion: v1\nkind: [ConfigMap\n"));
    expect(err.message).toMatch(/^bad\.yaml:3:1: /);
    expect(err.exitCode).toBe(2);
  });

  it("rejects documents without apiVersion or kind, naming the document", async () => {
    expect((await userErrorOf(() => parseManifests("a.yaml", "kind: ConfigMap\nmetadata:\n  name: x\n"))).message).toBe("a.yaml:1:1 apiVersion: document 1 has no apiVersion");
    expect((await userErrorOf(() => parseManifests("b.yaml", "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nmetadata: {}\n"))).message).toBe("b.yaml:4:1 kind: document 2 has no kind");
    expect((await userErrorOf(() => parseManifests("c.yaml", "- just\n- a list\n"))).message).toBe("c.yaml:1:1: document 1 is not a mapping (a Kubernetes object)");
  });

  it("reports every unreadable file and document of a run at once, sorted by file and line", async () => {
    const dir = tempDir("many-bad-");
    writeFileSync(join(dir, "b.yaml"), "apiVersion: v1\nkind: [ConfigMap\n");
    writeFileSync(join(dir, "a.yaml"), "kind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nmetadata: {}\n");
    writeFileSync(join(dir, "c.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n");
    const err = await userErrorOf(() => loadManifests([dir]));
    expect(err).toBeInstanceOf(UserErrors);
    expect((err as UserErrors).lines.map((line) => line.replace(dir + "/", ""))).toEqual([
      "a.yaml:1:1 apiVersion: document 1 has no apiVersion",
      "a.yaml:7:1 kind: document 3 has no kind",
      expect.stringMatching(/^b\.yaml:3:1: /),
    ]);
  });

  it("reports unknown kinds as unvalidated instead of failing", async () => {
    const inputs = parseManifests("crd.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\n");
    const report = await run(inputs, { policyIds: ["kubernetes-schema", "unknown-kind"] });
    expect(report.unvalidated).toEqual([{ apiVersion: "example.com/v1", kind: "Widget", namespace: "shop", name: "w" }]);
    expect(report.findings.map((f) => [f.policy, f.severity, f.line])).toEqual([["unknown-kind", "info", 2]]);
  });

  it("rejects duplicate keys with the line of the second one", async () => {
    const err = await userErrorOf(() => parseManifests("dup.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n"));
    expect(err.message).toMatch(/^dup\.yaml:5:3: /);
  });

  it("rejects alias bombs at the first alias", async () => {
    const bomb = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: bomb}", "a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]", "data: {k: *e}", ""].join("\n");
    const err = await userErrorOf(() => parseManifests("bomb.yaml", bomb));
    expect(err.message).toMatch(/^bomb\.yaml:5:8: cannot expand YAML aliases/);
  });

  it("refuses a file over the size limit before reading it", async () => {
    const file = join(tempDir("big-"), "huge.yaml");
    const fd = openSync(file, "w");
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const err = await userErrorOf(() => readManifestFile(file));
    expect(err.message).toBe(`${file}: file is 104857600 bytes, more than the ${MAX_FILE_BYTES}-byte limit`);
  });

  it("rejects prototype-polluting keys", async () => {
    const file = join(tempDir("proto-"), "p.yaml");
    writeFileSync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  __proto__: {polluted: true}\n");
    expect((await userErrorOf(() => readManifestFile(file))).message).toBe(`${file}:4:3: key "__proto__" is not allowed`);
  });
});
