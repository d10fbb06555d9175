import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitCodeFor, openValidation } from "../../policies/engine";
import { applyVariant, baseline, NOW, ROOT, run, summary, userErrorOf } from "./helpers";
import { tempDir } from "../helpers/temp-dir";

const D = "Deployment/llm-chat";
const PRIVILEGED = { patch: [{ target: D, set: "/spec/template/spec/containers/0/securityContext/privileged", value: true }] };

/** The baseline service moved to another environment (label and path). */
function inEnvironment(env: string) {
  return baseline().map((i) => {
    const object = structuredClone(i.object);
    (object.metadata as { labels: Record<string, string> }).labels["gitops-forge.io/environment"] = env;
    return { ...i, object, file: i.file.replace("/production/", `/${env}/`) };
  });
}

function tempFile(name: string, text: string): string {
  const dir = tempDir("validate-");
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("severity by environment", () => {
  it("enforces in production: an error-level violation fails the run", async () => {
    const report = await run(applyVariant(baseline(), PRIVILEGED, "prod"), { policyIds: ["privileged-container"] });
    expect(report.findings.map((f) => [f.policy, f.severity, f.environment])).toEqual([["privileged-container", "error", "production"]]);
    expect(exitCodeFor(report)).toBe(1);
  });

  it("warns in dev: the same violation is a warning and the run passes", async () => {
    const report = await run(applyVariant(inEnvironment("dev"), PRIVILEGED, "dev"), { policyIds: ["privileged-container"] });
    expect(report.findings.map((f) => [f.policy, f.severity, f.environment])).toEqual([["privileged-container", "warning", "dev"]]);
    expect(exitCodeFor(report)).toBe(0);
  });

  it("applies a per-policy, per-environment severity from the central config", async () => {
    const singleReplica = { patch: [{ target: "HorizontalPodAutoscaler/llm-chat", set: "/spec/minReplicas", value: 1 }] };
    const dev = await run(applyVariant(inEnvironment("dev"), singleReplica, "dev"), { policyIds: ["min-replicas"] });
    expect(dev.findings.map((f) => f.severity)).toEqual(["info"]);
    const prod = await run(applyVariant(baseline(), singleReplica, "prod"), { policyIds: ["min-replicas"] });
    expect(prod.findings.map((f) => f.severity)).toEqual(["error"]);
  });

  it("takes the environment from --env when the manifest has no label", async () => {
    const unlabelled = baseline().map((i) => {
      const object = structuredClone(i.object);
      delete (object.metadata as { labels: Record<string, string> }).labels["gitops-forge.io/environment"];
      return { ...i, object, file: `elsewhere/${i.index}-${String(object.kind)}.yaml` };
    });
    const report = await run(applyVariant(unlabelled, PRIVILEGED, "env"), { policyIds: ["privileged-container"], environment: "dev" });
    expect(report.findings.map((f) => [f.severity, f.environment])).toEqual([["warning", "dev"]]);
  });

  it("uses another config file given with configFile (--config)", async () => {
    const config = tempFile("config.yaml", "policies:\n  privileged-container:\n    severity: info\n");
    const report = await run(applyVariant(baseline(), PRIVILEGED, "cfg"), { configFile: config, policyIds: ["privileged-container"] });
    expect(report.findings.map((f) => f.severity)).toEqual(["info"]);
  });

  it("overrides parameters from the config", async () => {
    const config = tempFile("config.yaml", "policies:\n  hpa-min-replicas:\n    parameters:\n      minReplicas: 5\n");
    const report = await run(baseline(), { configFile: config, policyIds: ["hpa-min-replicas"] });
    expect(report.findings.map(summary)).toEqual([
      { policy: "hpa-min-replicas", severity: "warning", resource: "HorizontalPodAutoscaler/ml-prod/llm-chat", path: "spec.minReplicas", message: "HorizontalPodAutoscaler llm-chat allows fewer than 5 replicas" },
    ]);
  });

  it("runs only the profile's policies when the config lists them", async () => {
    const report = await run(applyVariant(baseline(), PRIVILEGED, "profile"), { configFile: join(ROOT, "policies/profiles/kube-score.yaml") });
    expect(report.policies.map((p) => p.id)).not.toContain("gpu-tolerates-taint");
    expect(report.policies.map((p) => p.id)).toContain("privileged-container");
    expect(report.findings.map((f) => f.policy)).toContain("privileged-container");
  });
});

describe("environments judged apart", () => {
  const withoutPdb = () => applyVariant(baseline(), { patch: [{ drop: "PodDisruptionBudget/llm-chat" }] }, "no-pdb");
  const stagingPdb = () => inEnvironment("staging").filter((i) => i.object.kind === "PodDisruptionBudget");

  it("does not let another environment's PDB cover a workload of the same namespace and name", async () => {
    const report = await run([...withoutPdb(), ...stagingPdb()], { policyIds: ["workload-has-pdb", "duplicate-object"] });
    expect(report.findings.map(summary).map((f) => [f.policy, f.resource])).toEqual([["workload-has-pdb", "Deployment/ml-prod/llm-chat"]]);
  });

  it("judges objects of no known environment with all the others", async () => {
    const unlabelled = stagingPdb().map((i) => {
      const object = structuredClone(i.object);
      delete (object.metadata as { labels: Record<string, string> }).labels["gitops-forge.io/environment"];
      return { ...i, object, file: "elsewhere/pdb.yaml" };
    });
    expect((await run([...withoutPdb(), ...unlabelled], { policyIds: ["workload-has-pdb"] })).findings).toEqual([]);
  });

  it("gives the same report fed an environment at a time as fed everything at once", async () => {
    const production = applyVariant(baseline(), PRIVILEGED, "prod");
    const staging = applyVariant(inEnvironment("staging"), PRIVILEGED, "staging");
    const whole = await run([...staging, ...production]);
    const session = openValidation({ root: ROOT, now: NOW });
    await session.add(production);
    await session.add(staging);
    expect(session.finish()).toEqual(whole);
    expect(whole.findings.length).toBeGreaterThan(1);
  });
});

describe("bad configuration", () => {
  it("rejects an unknown policy id in an override with file and line", async () => {
    const config = tempFile("config.yaml", "allowAnnotationExemptions: false\npolicies:\n  no-such-policy:\n    severity: error\n");
    const err = await userErrorOf(() => run(baseline(), { configFile: config }));
    expect(err.message).toBe(`${config}:3:3 policies.no-such-policy: unknown policy id "no-such-policy"`);
    expect(err.exitCode).toBe(2);
  });

  it("rejects an unknown parameter with file and line", async () => {
    const config = tempFile("config.yaml", "policies:\n  min-replicas:\n    parameters:\n      minimum: 3\n");
    const err = await userErrorOf(() => run(baseline(), { configFile: config }));
    expect(err.message).toBe(`${config}:4:7 policies.min-replicas.parameters.minimum: policy min-replicas has no parameter "minimum" (known: minReplicas, checkAutoscalerInstead)`);
  });

  it("rejects an invalid severity with file, line and field", async () => {
    const config = tempFile("config.yaml", "policies:\n  min-replicas:\n    severity: fatal\n");
    const err = await userErrorOf(() => run(baseline(), { configFile: config }));
    expect(err.message).toBe(`${config}:3:5 policies.min-replicas.severity: invalid policy config: must be one of error, warning, info, off`);
  });

  it("rejects a parameter value the policy cannot use, naming the policy once", async () => {
    const config = tempFile("config.yaml", "policies:\n  deprecated-api:\n    parameters:\n      kubernetesVersion: latest\n");
    const err = await userErrorOf(() => run(baseline(), { configFile: config }));
    expect(err.message).toBe(`${config}: policy deprecated-api: kubernetesVersion must be a Kubernetes version such as '1.34' (got "latest")`);
    expect(err.exitCode).toBe(2);
  });

  it("rejects an unquoted version, which YAML reads as a number (1.20 as 1.2)", async () => {
    const config = tempFile("config.yaml", "policies:\n  deprecated-api:\n    parameters:\n      kubernetesVersion: 1.20\n");
    const err = await userErrorOf(() => run(baseline(), { configFile: config }));
    expect(err.message).toBe(`${config}: policy deprecated-api: kubernetesVersion must be a quoted Kubernetes version such as '1.34' (got 1.2)`);
  });

  it("rejects an unknown --policy id", async () => {
    const err = await userErrorOf(() => run(baseline(), { policyIds: ["nope"] }));
    expect(err.message).toBe('unknown policy id "nope" (see validate --list)');
  });
});

describe("policy files", () => {
  function rootWith(name: string, text: string): string {
    const root = tempDir("validate-root-");
    cpSync(join(ROOT, "policies"), join(root, "policies"), { recursive: true, filter: (src) => !src.includes("/engine") && !src.includes("/report") });
    writeFileSync(join(root, "policies", name), text);
    return root;
  }

  it("accepts a policy added as a file and runs it", async () => {
    const root = rootWith(
      "team-label.yaml",
      [
        "id: team-label",
        "title: Deployments name their team",
        "category: labels",
        "severity: error",
        "rationale: On-call needs to know whom to page.",
        "remediation: Add a team label.",
        "docs: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/",
        "kinds: [Deployment]",
        "equivalents: {}",
        "check:",
        "  target: object",
        "  path: metadata.labels",
        "  message: \"{{kind}} {{name}} has no team label\"",
        "  schema:",
        "    properties:",
        "      metadata:",
        "        required: [labels]",
        "        properties:",
        "          labels:",
        "            required: [team]",
        "",
      ].join("\n"),
    );
    const report = await run(baseline(), { root, policyIds: ["team-label"] });
    expect(report.findings.map(summary)).toEqual([
      { policy: "team-label", severity: "error", resource: "Deployment/ml-prod/llm-chat", path: "metadata.labels", message: "Deployment llm-chat has no team label" },
    ]);
  });

  it("rejects an invalid policy file with its file, line and field", async () => {
    const root = rootWith("broken.yaml", "id: broken\ntitle: Broken\ncategory: labels\nseverity: critical\nrationale: r\nremediation: r\ndocs: https://example.com\nkinds: [Deployment]\nequivalents: {}\nrule: min-replicas\n");
    const err = await userErrorOf(() => run(baseline(), { root }));
    expect(err.message).toBe(`${join(root, "policies/broken.yaml")}:4:1 severity: invalid policy: must be one of error, warning, info`);
  });

  it("rejects a policy naming an unknown rule", async () => {
    const root = rootWith("ghost.yaml", "id: ghost\ntitle: Ghost\ncategory: labels\nseverity: error\nrationale: r\nremediation: r\ndocs: https://example.com\nkinds: [Deployment]\nequivalents: {}\nrule: no-such-rule\n");
    const err = await userErrorOf(() => run(baseline(), { root }));
    expect(err.message).toMatch(new RegExp(`^${join(root, "policies/ghost.yaml")}:10:1 rule: unknown rule "no-such-rule"`));
  });
});

describe("requests compared with limits as quantities", () => {
  const resource = (kind: string, request: unknown, limit: unknown) => ({
    patch: [
      { target: D, set: `/spec/template/spec/containers/0/resources/requests/${kind}`, value: request },
      { target: D, set: `/spec/template/spec/containers/0/resources/limits/${kind}`, value: limit },
    ],
  });
  const cases: Array<[string, string, unknown, unknown, "equal" | "differ"]> = [
    ["memory-requests-equal-limits", "memory", "24576Mi", "24Gi", "equal"],
    ["memory-requests-equal-limits", "memory", "25769803776", "24Gi", "equal"],
    ["memory-requests-equal-limits", "memory", "24G", "24Gi", "differ"],
    ["cpu-requests-equal-limits", "cpu", 8, "8", "equal"],
    ["cpu-requests-equal-limits", "cpu", "1.005k", "1005", "equal"],
    ["cpu-requests-equal-limits", "cpu", "7999m", "8", "differ"],
    ["ephemeral-storage-requests-equal-limits", "ephemeral-storage", "1.5Gi", "1536Mi", "equal"],
    ["ephemeral-storage-requests-equal-limits", "ephemeral-storage", "not-a-size", "10Gi", "differ"],
  ];
  it.each(cases)("%s: %s request %j and limit %j %s", async (policy, kind, request, limit, verdict) => {
    const report = await run(applyVariant(baseline(), resource(kind, request, limit), policy), { policyIds: [policy] });
    expect(report.findings.length).toBe(verdict === "equal" ? 0 : 1);
  });
});
