import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateManifests } from "../../policies/engine";
import { removeScratch, scratchRepo } from "../helpers/repo";
import { errorsOf, synthesizePlatform } from "../synth/platform-environment";

const CHAOS = `    chaos:
      podKill: { schedule: "0 10 * * 1" }
`;

describe("validate reads the environment's own settings", () => {
  it("accepts the chaos Schedules of a production environment that allows chaos in production", async () => {
    const { objects, report } = await synthesizePlatform(`chaos: { enabled: true, allowInProduction: true }\nservices:\n  search:\n${CHAOS}`);
    expect(objects.some((o) => o.apiVersion === "chaos-mesh.org/v1alpha1")).toBe(true);
    expect(errorsOf(report)).toEqual([]);
  });

  describe("a policy config keyed by tier", () => {
    let repo: string;
    const schedule = {
      apiVersion: "chaos-mesh.org/v1alpha1",
      kind: "Schedule",
      metadata: { name: "kill", namespace: "ml-serving", labels: { "gitops-forge.io/environment": "production" } },
      spec: { schedule: "0 10 * * 1", type: "PodChaos", historyLimit: 2, concurrencyPolicy: "Forbid", podChaos: { action: "pod-kill", mode: "one", selector: { labelSelectors: { a: "b" } } } },
    };
    const severity = async () => {
      const report = await validateManifests([{ file: "x.yaml", index: 0, object: schedule }], { root: repo, policyIds: ["chaos-environment-allowed"], configFile: join(repo, "policies/config.yaml") });
      return report.findings.map((f) => f.severity);
    };
    beforeAll(() => {
      repo = scratchRepo();
    });
    afterAll(() => removeScratch(repo));

    it("applies a tier's mode to the environments of that tier", async () => {
      expect(await severity()).toEqual(["error"]);
      writeFileSync(join(repo, "policies/config.yaml"), 'environments: { "tier:production": warn }\n');
      expect(await severity()).toEqual(["warning"]);
    });

    it("lets an environment's own name win over its tier, per policy too", async () => {
      writeFileSync(join(repo, "policies/config.yaml"), 'environments: { "tier:production": warn, production: enforce }\n');
      expect(await severity()).toEqual(["error"]);
      writeFileSync(join(repo, "policies/config.yaml"), 'policies:\n  chaos-environment-allowed:\n    environments: { "tier:production": info }\n');
      expect(await severity()).toEqual(["info"]);
    });
  });
});
