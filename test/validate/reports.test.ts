import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse as parseJunit } from "junit2json";
import { describe, expect, it } from "vitest";
import { renderReport, type Report } from "../../policies/engine";
import { applyVariant, baseline, FIXTURES, loadDir, ROOT, run } from "./helpers";
import { tempDir } from "../helpers/temp-dir";

/**
 * The official SARIF 2.1.0 schema is draft-04; it uses nothing draft-07 reads
 * differently except the top-level `id`, so it is compiled as draft-07 without it.
 */
function sarifSchema(): object {
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(join(ROOT, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  return schema;
}
const WEB = "test/validate/fixtures/third-party/web.yaml";
const webText = readFileSync(join(ROOT, WEB), "utf8");

/** 1-based line of the first line of `text` that contains `needle` after line `after`. */
function lineOf(needle: string, after = 0): number {
  const lines = webText.split("\n");
  const i = lines.findIndex((l, n) => n >= after && l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
}

async function webReport(): Promise<Report> {
  return run(loadDir(join(FIXTURES, "third-party")), { policyIds: ["image-tag", "service-type", "service-targets-pods", "memory-limits"] });
}

describe("SARIF", () => {
  it("validates against the SARIF 2.1.0 schema", async () => {
    // The schema's patterns are not valid under the `u` flag ajv uses by default.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(sarifSchema());
    const sarif = JSON.parse(renderReport(await webReport(), "sarif"));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
  });

  it("points at the file and line of the offending field, in lists too", async () => {
    const sarif = JSON.parse(renderReport(await webReport(), "sarif"));
    const results = sarif.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>;
    const at = (rule: string) => results.filter((r) => r.ruleId === rule).map((r) => [r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]);
    expect(at("image-tag")).toEqual([["error", WEB, lineOf("image: nginx:latest")]]);
    expect(at("service-type")).toEqual([["warning", WEB, lineOf("type: NodePort")]]);
    expect(at("service-targets-pods")).toEqual([["error", WEB, lineOf("selector:", lineOf("name: web-admin"))]]);
    const rules = sarif.runs[0].tool.driver.rules as Array<{ id: string; helpUri: string }>;
    expect(rules.map((r) => r.id)).toEqual(["image-tag", "memory-limits", "service-targets-pods", "service-type"]);
  });

  it("marks waived findings as suppressed with the waiver's reason", async () => {
    const report = await run(applyVariant(baseline(), { patch: [{ target: "Deployment/llm-chat", set: "/metadata/annotations", value: { "exempt.gitops-forge.io/priority-class": "batch tier" } }, { target: "Deployment/llm-chat", unset: "/spec/template/spec/priorityClassName" }] }, "s"), {
      policyIds: ["priority-class"],
      configFile: writeConfig("allowAnnotationExemptions: true\n"),
    });
    const sarif = JSON.parse(renderReport(report, "sarif"));
    expect(sarif.runs[0].results.map((r: { ruleId: string; suppressions?: unknown }) => [r.ruleId, r.suppressions])).toEqual([
      ["priority-class", [{ kind: "external", status: "accepted", justification: "batch tier" }]],
    ]);
  });
});

function writeConfig(text: string): string {
  const file = join(tempDir("cfg-"), "config.yaml");
  writeFileSync(file, text);
  return file;
}

describe("JUnit", () => {
  type Junit = { tests: number; failures: number; testsuite: Array<{ name: string; tests: number; failures: number; testcase: Array<{ name: string; failure?: Array<{ message: string }>; "system-out"?: string[] }> }> };

  it("is read by a JUnit parser: one suite per policy, errors fail, warnings pass with the finding as output", async () => {
    const report = await webReport();
    const parsed = (await parseJunit(renderReport(report, "junit"))) as Junit;
    expect(parsed.testsuite.map((s) => [s.name, s.tests, s.failures])).toEqual([
      ["image-tag", 1, 1],
      ["memory-limits", 1, 1],
      ["service-targets-pods", 1, 1],
      ["service-type", 1, 0],
    ]);
    const imageCase = parsed.testsuite[0]!.testcase[0]!;
    expect(imageCase.name).toBe("Deployment/shop/web spec.template.spec.containers[0].image");
    expect(imageCase.failure?.[0]?.message).toBe("container nginx uses an unpinned image");
    const warningCase = parsed.testsuite[3]!.testcase[0]!;
    expect(warningCase.failure).toBeUndefined();
    expect(warningCase["system-out"]?.[0]).toMatch(new RegExp(`^warning: ${WEB}:${lineOf("type: NodePort")}:\\d+ `));
    expect(parsed.failures).toBe(report.summary.error);
  });

  it("fails warnings too when the run fails on them (--fail-on warning)", async () => {
    const report = await webReport();
    const parsed = (await parseJunit(renderReport(report, "junit", { failOn: "warning" }))) as Junit;
    expect(parsed.testsuite.find((s) => s.name === "service-type")!.failures).toBe(1);
    expect(parsed.failures).toBe(report.summary.error + report.summary.warning);
  });

  it("has one passing testcase for a policy without findings", async () => {
    const parsed = (await parseJunit(renderReport(await run(baseline(), { policyIds: ["host-pid"] }), "junit"))) as { tests: number; failures: number; testsuite: Array<{ name: string; testcase: Array<{ name: string }> }> };
    expect([parsed.tests, parsed.failures, parsed.testsuite[0]!.name, parsed.testsuite[0]!.testcase[0]!.name]).toEqual([1, 0, "host-pid", "all resources"]);
  });
});

describe("GitHub Actions, Markdown, human and JSON", () => {
  it("emits one workflow command per finding with file, line and escaped text", async () => {
    const lines = renderReport(await webReport(), "github").trim().split("\n");
    expect(lines.find((l) => l.includes("title=image-tag"))).toBe(`::error file=${WEB},line=${lineOf("image: nginx:latest")},col=11,title=image-tag (Deployment/shop/web)::container nginx uses an unpinned image [spec.template.spec.containers[0].image]`);
    expect(lines.filter((l) => l.startsWith("::warning")).length).toBe(1);
    expect(lines.at(-1)).toBe("3 errors, 1 warning, 0 info in 3 resources (4 policies, 0 waived, 0 unvalidated)");
  });

  it("renders Markdown tables with the verdict for PR bodies", async () => {
    const md = renderReport(await webReport(), "markdown");
    expect(md).toContain("❌ **validate failed**");
    expect(md).toContain(`| 🔴 error | \`image-tag\` | Deployment/shop/web | \`${WEB}:${lineOf("image: nginx:latest")}:11\` | container nginx uses an unpinned image (\`spec.template.spec.containers[0].image\`) |`);
  });

  it("groups human output by resource and colours only when asked", async () => {
    const report = await webReport();
    const plain = renderReport(report, "human", { color: false });
    expect(plain).not.toContain("\x1b[");
    expect(plain.split("\n").filter((l) => !l.startsWith(" ") && l.includes(WEB))).toEqual([`Deployment/shop/web  ${WEB}`, `Service/shop/web-admin  ${WEB}`]);
    expect(renderReport(report, "human", { color: true })).toContain("\x1b[31merror");
  });

  it("produces JSON with formatted paths and a summary", async () => {
    const json = JSON.parse(renderReport(await webReport(), "json"));
    expect(json.summary).toEqual({ error: 3, warning: 1, info: 0 });
    expect(json.findings.find((f: { policy: string }) => f.policy === "image-tag")).toMatchObject({ policy: "image-tag", path: "spec.template.spec.containers[0].image", pathSegments: ["spec", "template", "spec", "containers", 0, "image"], line: lineOf("image: nginx:latest") });
  });

  it("is deterministic: the same input gives byte-identical output in every format", async () => {
    const [a, b] = [await webReport(), await webReport()];
    for (const format of ["human", "json", "sarif", "junit", "github", "markdown"] as const) {
      expect(renderReport(a, format)).toBe(renderReport(b, format));
    }
  });
});

describe("SARIF locations and driver", () => {
  it("names the tool's version and gives a path inside the checkout relative to %SRCROOT%", async () => {
    const sarif = JSON.parse(renderReport(await webReport(), "sarif"));
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(sarif.runs[0].tool.driver.version).toBe(version);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: WEB, uriBaseId: "%SRCROOT%" });
  });

  it("gives an absolute path inside the checkout as relative, and one outside as a file: URI without a base", async () => {
    const dir = tempDir("sarif-");
    writeFileSync(join(dir, "web.yaml"), webText);
    const outside = await run(loadDir(dir), { policyIds: ["image-tag"] });
    const inside = await run(loadDir(join(ROOT, "test/validate/fixtures/third-party")), { policyIds: ["image-tag"] });
    const location = (report: Report) => JSON.parse(renderReport(report, "sarif")).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(location(outside)).toEqual({ uri: `file://${join(dir, "web.yaml")}` });
    expect(location(inside)).toEqual({ uri: relative(process.cwd(), join(ROOT, WEB)), uriBaseId: "%SRCROOT%" });
  });
});

describe("human report", () => {
  it("starts each finding with a clickable path:line:col and follows it with the policy's fix", async () => {
    const plain = renderReport(await webReport(), "human");
    const line = lineOf("image: nginx:latest");
    expect(plain).toContain(`  ${WEB}:${line}:11  error   container nginx uses an unpinned image  [image-tag] spec.template.spec.containers[0].image\n      fix: `);
  });
});
