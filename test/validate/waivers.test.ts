import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitCodeFor, renderReport, REPORT_FORMATS } from "../../policies/engine";
import { UserError } from "../../environments/source/errors";
import { applyVariant, baseline, run, summary } from "./helpers";
import { tempDir } from "../helpers/temp-dir";

const PRIVILEGED = { patch: [{ target: "Deployment/llm-chat", set: "/spec/template/spec/containers/0/securityContext/privileged", value: true }] };

function waivers(text: string): string {
  const file = join(tempDir("waivers-"), "waivers.yaml");
  writeFileSync(file, text);
  return file;
}

const GOOD_WAIVER = `waivers:
  - policy: privileged-container
    target: { environment: prod*, namespace: ml-*, kind: Deployment, name: llm-chat }
    reason: The NVIDIA driver probe needs device access until the operator upgrade.
    owner: ml-platform@example.com
    expires: "2026-11-30"
`;

describe("waivers", () => {
  it("waives matching findings (globs allowed) and lists the waiver in every report format", async () => {
    const report = await run(applyVariant(baseline(), PRIVILEGED, "w"), { policyIds: ["privileged-container", "waiver-unmatched", "waiver-expired"], waiversFile: waivers(GOOD_WAIVER) });
    expect(report.findings).toEqual([]);
    expect(report.waived.map(summary)).toEqual([
      { policy: "privileged-container", severity: "error", resource: "Deployment/ml-prod/llm-chat", path: "spec.template.spec.containers[0].securityContext.privileged", message: "container server is privileged" },
    ]);
    expect(report.waivers).toMatchObject([{ source: "waiver", policy: "privileged-container", owner: "ml-platform@example.com", expires: "2026-11-30", line: 2, findings: 1 }]);
    expect(exitCodeFor(report)).toBe(0);
    for (const format of REPORT_FORMATS) {
      expect(renderReport(report, format), format).toContain("The NVIDIA driver probe needs device access");
    }
  });

  it("reports an expired waiver as an error at its line and no longer waives", async () => {
    const file = waivers(GOOD_WAIVER.replace("2026-11-30", "2026-11-22"));
    const report = await run(applyVariant(baseline(), PRIVILEGED, "w"), { policyIds: ["privileged-container", "waiver-expired"], waiversFile: file });
    expect(report.findings.map((f) => [f.policy, f.severity, f.file, f.line, f.message])).toEqual([
      ["waiver-expired", "error", file, 2, "waiver for privileged-container (owner ml-platform@example.com) expired on 2026-11-22"],
      ["privileged-container", "error", "test/validate/fixtures/generated/production/ml-prod/llm-chat/deployment.yaml", undefined, "container server is privileged"],
    ]);
    expect(exitCodeFor(report)).toBe(1);
  });

  it("keeps a waiver valid through its expiry day", async () => {
    const report = await run(applyVariant(baseline(), PRIVILEGED, "w"), { policyIds: ["privileged-container", "waiver-expired"], waiversFile: waivers(GOOD_WAIVER.replace("2026-11-30", "2026-11-23")) });
    expect(report.findings).toEqual([]);
    expect(report.waived).toHaveLength(1);
  });

  it("warns about a waiver that matches nothing", async () => {
    const file = waivers(GOOD_WAIVER.replace("name: llm-chat", "name: llm-embed"));
    const report = await run(applyVariant(baseline(), PRIVILEGED, "w"), { policyIds: ["privileged-container", "waiver-unmatched"], waiversFile: file });
    // Findings sort by file: the waiver file (an absolute /tmp path) comes first.
    expect(report.findings.map((f) => [f.policy, f.severity, f.line, f.message])).toEqual([
      ["waiver-unmatched", "warning", 2, "waiver for privileged-container (owner ml-platform@example.com) matches no finding"],
      ["privileged-container", "error", undefined, "container server is privileged"],
    ]);
  });

  for (const field of ["reason", "owner", "expires"]) {
    it(`rejects a waiver without ${field}, naming file and line`, async () => {
      const text = GOOD_WAIVER.split("\n").filter((l) => !l.trimStart().startsWith(`${field}:`)).join("\n");
      const file = waivers(text);
      const err = await run(baseline(), { waiversFile: file }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toBe(`${file}:2:5 waivers.0.${field}: invalid waiver: is required`);
      expect((err as UserError).exitCode).toBe(2);
    });
  }

  it("rejects a waiver for an unknown policy id", async () => {
    const file = waivers(GOOD_WAIVER.replace("policy: privileged-container", "policy: privileged"));
    const err = (await run(baseline(), { waiversFile: file }).catch((e: unknown) => e)) as UserError;
    expect(err.message).toBe(`${file}:2:5 waivers.0.policy: unknown policy id "privileged"`);
  });
});

describe("annotation exemptions", () => {
  const EXEMPT = {
    patch: [
      ...PRIVILEGED.patch,
      { target: "Deployment/llm-chat", set: "/metadata/annotations", value: { "exempt.gitops-forge.io/privileged-container": "GPU driver probe, tracked in ML-123" } },
    ],
  };

  it("are ignored and reported when the central config does not allow them", async () => {
    const report = await run(applyVariant(baseline(), EXEMPT, "a"), { policyIds: ["privileged-container", "annotation-exemption-forbidden"] });
    expect(report.findings.map(summary)).toEqual([
      { policy: "annotation-exemption-forbidden", severity: "warning", resource: "Deployment/ml-prod/llm-chat", path: 'metadata.annotations["exempt.gitops-forge.io/privileged-container"]', message: "annotation exemption from privileged-container is ignored: the policy config does not allow annotation exemptions" },
      { policy: "privileged-container", severity: "error", resource: "Deployment/ml-prod/llm-chat", path: "spec.template.spec.containers[0].securityContext.privileged", message: "container server is privileged" },
    ]);
    expect(report.waivers).toEqual([]);
  });

  it("waive the finding when the config allows them, and appear in the report", async () => {
    const config = join(tempDir("cfg-"), "config.yaml");
    writeFileSync(config, "allowAnnotationExemptions: true\n");
    const report = await run(applyVariant(baseline(), EXEMPT, "a"), { configFile: config, policyIds: ["privileged-container", "annotation-exemption-forbidden"] });
    expect(report.findings).toEqual([]);
    expect(report.waivers).toMatchObject([{ source: "annotation", policy: "privileged-container", reason: "GPU driver probe, tracked in ML-123", target: { kind: "Deployment", name: "llm-chat", namespace: "ml-prod" }, findings: 1 }]);
    expect(renderReport(report, "markdown")).toContain("GPU driver probe, tracked in ML-123");
  });
});
