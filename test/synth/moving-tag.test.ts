/**
 * A moving tag (`latest`) is not malformed input: synth writes it, and
 * validate's image-tag policy holds it back in production unless a waiver
 * says why the team deploys it (as some reference platforms' guides do).
 */
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeScratch, runCommand, scratchRepo } from "../helpers/repo";

const scratches: string[] = [];
afterEach(() => scratches.splice(0).forEach(removeScratch));

/** The sample production environment with churn-predictor on `:latest`. */
function withLatestImage(): string {
  const dir = scratchRepo();
  scratches.push(dir);
  const file = join(dir, "environments", "production.yaml");
  const text = readFileSync(file, "utf8").replace("  churn-predictor:\n", "  churn-predictor:\n    image: { tag: latest }\n");
  writeFileSync(file, text);
  return dir;
}

const WAIVER = `waivers:
  - policy: image-tag
    target: { environment: production, kind: Deployment, name: churn-predictor }
    reason: The team deploys the image its CI pushes as latest.
    owner: ml-platform
    expires: "2099-12-31"
`;

/** The image-tag findings validate reports on the synthesized production environment, by severity. */
function imageTagFindings(dir: string): { code: number; severities: string[] } {
  const validate = runCommand("validate", [join(dir, "generated", "production"), "--root", dir, "--format", "json"]);
  const report = JSON.parse(validate.stdout) as { findings: Array<{ policy: string; severity: string }> };
  return { code: validate.code, severities: report.findings.filter((f) => f.policy === "image-tag").map((f) => f.severity) };
}

describe("an image on a moving tag", () => {
  it("is written, and production validation fails on image-tag", () => {
    const dir = withLatestImage();
    const synth = runCommand("synth", ["--root", dir, "--env", "production"]);
    expect(synth.stderr).not.toMatch(/error:/);
    expect(synth.code).toBe(1);
    const deployment = readFileSync(join(dir, "generated/production/ml-serving/churn-predictor/deployment.yaml"), "utf8");
    expect(deployment).toContain("image: ghcr.io/acme/churn-predictor:latest");
    expect(imageTagFindings(dir)).toEqual({ code: 1, severities: ["error"] });
  });

  it("passes once a waiver gives the reason", () => {
    const dir = withLatestImage();
    writeFileSync(join(dir, "policies", "waivers.yaml"), WAIVER);
    expect(runCommand("synth", ["--root", dir, "--env", "production"]).code).toBe(0);
    expect(imageTagFindings(dir)).toEqual({ code: 0, severities: [] });
  });
});
