/**
 * validate judges an Argo Rollout as the serving workload it is: its pod
 * template meets every workload policy, and it needs an HPA, a PDB, a
 * NetworkPolicy, a ServiceMonitor and alerts like a Deployment.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDir, ROOT, run, summary } from "./helpers";
import type { ManifestInput } from "../../policies/engine";

/** The staging serving namespace as synth writes it (llm-chat is a canary Rollout on an A100), and its backups. */
const namespace = () => [...loadDir(join(ROOT, "generated/staging/ml-serving-staging")), ...loadDir(join(ROOT, "generated/staging/velero"))];
const ROLLOUT = "Rollout/ml-serving-staging/llm-chat";
/** Judged at production severity: every policy an error. */
const findingsOf = async (inputs: ManifestInput[]) => (await run(inputs, { environment: "production" })).findings.map(summary).filter((f) => f.severity !== "info");
const without = (kind: string) => namespace().filter((i) => i.object.kind !== kind);
const editRollout = (edit: (o: Record<string, any>) => void) =>
  namespace().map((i) => {
    if (i.object.kind === "Rollout" && (i.object.metadata as { name: string }).name === "llm-chat") edit(i.object);
    return i;
  });

describe("a canary Rollout under validate", () => {
  it("passes as synth writes it", async () => {
    expect(namespace().some((i) => i.object.kind === "Rollout")).toBe(true);
    expect(await findingsOf(namespace())).toEqual([]);
  });

  it.each([
    ["HorizontalPodAutoscaler", "serving-has-hpa"],
    ["PodDisruptionBudget", "workload-has-pdb"],
    ["NetworkPolicy", "workload-has-networkpolicy"],
    ["ServiceMonitor", "serving-has-servicemonitor"],
  ])("is a serving workload: without its %s, %s reports the Rollout", async (kind, policy) => {
    const findings = await findingsOf(without(kind));
    expect(findings.filter((f) => f.resource === ROLLOUT).map((f) => f.policy)).toContain(policy);
  });

  it("is a GPU workload: without the GPU toleration or node affinity the GPU policies report it", async () => {
    const findings = await findingsOf(editRollout((o) => {
      delete o.spec.template.spec.tolerations;
      delete o.spec.template.spec.affinity;
    }));
    expect(findings.filter((f) => f.resource === ROLLOUT).map((f) => f.policy).sort()).toEqual(expect.arrayContaining(["gpu-targets-gpu-nodes", "gpu-tolerates-taint"]));
  });

  it("has its pod template hardened like a Deployment's", async () => {
    const findings = await findingsOf(editRollout((o) => {
      o.spec.template.spec.containers[0].securityContext.privileged = true;
      delete o.spec.template.spec.containers[0].resources.limits.memory;
    }));
    expect(findings.filter((f) => f.resource === ROLLOUT).map((f) => f.policy)).toEqual(expect.arrayContaining(["privileged-container", "memory-limits"]));
  });

  it("bounds the revisions it keeps, as a Deployment must", async () => {
    const findings = await findingsOf(editRollout((o) => delete o.spec.revisionHistoryLimit));
    expect(findings.filter((f) => f.resource === ROLLOUT).map((f) => f.policy)).toEqual(["revision-history-limit"]);
  });

  it("is checked against the Argo Rollouts schema offline", async () => {
    const findings = await findingsOf(editRollout((o) => (o.spec.strategy.canary.steps[0].setWeight = "ten")));
    expect(findings.filter((f) => f.resource === ROLLOUT)).toEqual([expect.objectContaining({ policy: "kubernetes-schema", path: "spec.strategy.canary.steps[0].setWeight" })]);
  });
});
