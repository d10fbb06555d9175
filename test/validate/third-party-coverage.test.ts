/**
 * A team's own production bundle, written without gitops-forge's labels:
 * coverage and backup policies judge it by what its objects do.
 */
import { describe, expect, it } from "vitest";
import { baseline, run, summary } from "./helpers";
import type { ManifestInput } from "../../policies/engine";

const COVERAGE = ["serving-has-alerts", "serving-has-servicemonitor", "serving-has-hpa", "velero-covers-namespace", "velero-backup-ttl", "duplicate-object"];

/** The baseline without the labels that mark serving workloads and environments (a Service's own labels stay: its ServiceMonitor selects them). */
function unlabelled(): ManifestInput[] {
  return baseline().map((input) => {
    const object = structuredClone(input.object);
    const labels = (object.metadata as { labels?: Record<string, string> }).labels ?? {};
    const keep = (key: string) => object.kind === "Service" || !(key.startsWith("gitops-forge.io/") || key.startsWith("app.kubernetes.io/"));
    for (const key of Object.keys(labels)) if (!keep(key)) delete labels[key];
    return { file: input.file.replace("generated/production/", "team-bundle/"), index: input.index, object };
  });
}

const audit = async (inputs: ManifestInput[]) => (await run(inputs, { environment: "production", policyIds: COVERAGE })).findings.map(summary);
const without = (kind: string) => unlabelled().filter((i) => i.object.kind !== kind);
const patched = (kind: string, patch: (o: Record<string, any>) => void) =>
  unlabelled().map((i) => {
    if (i.object.kind === kind) patch(i.object);
    return i;
  });

describe("a third-party production bundle", () => {
  it("passes clean when complete", async () => {
    expect(await audit(unlabelled())).toEqual([]);
  });

  it("is reported without its PrometheusRule", async () => {
    expect((await audit(without("PrometheusRule"))).map((f) => f.policy)).toEqual(["serving-has-alerts"]);
  });

  it("is reported without its ServiceMonitor or its HPA", async () => {
    expect((await audit(without("ServiceMonitor"))).map((f) => f.policy)).toEqual(["serving-has-servicemonitor"]);
    expect((await audit(without("HorizontalPodAutoscaler"))).map((f) => f.policy)).toEqual(["serving-has-hpa"]);
  });

  it("is reported with a namespace left out of the Velero schedule", async () => {
    const findings = await audit(patched("Schedule", (o) => (o.spec.template.includedNamespaces = ["other"])));
    expect(findings).toEqual([{ policy: "velero-covers-namespace", severity: "error", resource: "Namespace/ml-prod", path: "metadata.name", message: "Namespace ml-prod is not included in any Velero Schedule" }]);
  });

  it("is reported without the Namespace object, on the first object of the namespace left out", async () => {
    const inputs = without("Namespace").map((i) => {
      if (i.object.kind === "Schedule") (i.object.spec as any).template.includedNamespaces = ["other"];
      return i;
    });
    expect((await audit(inputs)).map((f) => [f.policy, f.path, f.message])).toEqual([["velero-covers-namespace", "metadata.namespace", "Namespace ml-prod is not included in any Velero Schedule"]]);
  });

  it("is reported with a one-hour Velero TTL in production, not in dev", async () => {
    const inputs = patched("Schedule", (o) => (o.spec.template.ttl = "1h"));
    expect((await audit(inputs)).map((f) => [f.policy, f.severity, f.message])).toEqual([["velero-backup-ttl", "error", "Schedule production-daily keeps backups for 1h, less than the 720h environment production requires, and no other keeps namespace ml-prod that long"]]);
    expect((await run(inputs, { environment: "dev", policyIds: ["velero-backup-ttl"] })).findings).toEqual([]);
  });

  it("is reported when it holds an object twice", async () => {
    const twice = unlabelled();
    const service = twice.find((i) => i.object.kind === "Service")!;
    twice.push({ ...service, file: "team-bundle/extra.yaml", index: 0 });
    expect((await audit(twice)).map((f) => [f.policy, f.resource, f.message])).toEqual([
      ["duplicate-object", "Service/ml-prod/llm-chat", `Service ml-prod/llm-chat (v1) is defined more than once (first in ${service.file})`],
    ]);
  });
});
