/**
 * The model-pinned policy on manifests gitops-forge did not write: model URIs
 * given to init containers (command, args, variables) and image volumes are
 * judged by the loader's rules, on serving workloads only.
 */
import { describe, expect, it } from "vitest";
import { applyVariant, baseline, run, summary, type Patch } from "./helpers";

const base = baseline();
const POD = "/spec/template/spec";

async function findings(patch: Patch[]) {
  const report = await run(applyVariant(base, { patch }, "model-pinned"), { policyIds: ["model-pinned"] });
  return report.findings.map(summary).map((f) => `${f.path}: ${f.message}`).sort();
}

const puller = (args: string[], env: Array<{ name: string; value: string }> = []) => ({
  target: "Deployment/llm-chat",
  set: `${POD}/initContainers`,
  value: [{ name: "fetch", image: "amazon/aws-cli:2.22.0", args, env }],
});

describe("model-pinned on init containers", () => {
  it("reports an object-storage path without a version, and a moving MLflow alias in a variable", async () => {
    expect(await findings([puller(["s3", "sync", "s3://acme-models/llm-chat/", "/models"], [{ name: "MODEL_URI", value: "models:/llm-chat@champion" }])])).toEqual([
      "spec.template.spec.initContainers[0].args[2]: serving Deployment llm-chat pulls model s3://acme-models/llm-chat/ in init container fetch unpinned: the path names no version: put a version (e.g. 2026.11.2), a commit (40 hex digits) or a digest (sha256:...) in it (e.g. s3://acme-models/<model>/2026.11.2/)",
      'spec.template.spec.initContainers[0].env[0].value: serving Deployment llm-chat pulls model models:/llm-chat@champion in init container fetch unpinned: MLflow alias "@champion" moves when it is reassigned: pin a model version number (models:/llm-chat/3)',
    ]);
  });

  it("finds a URI inside an option (--artifact-uri=...) and a Hugging Face branch", async () => {
    expect(await findings([puller(["--artifact-uri=models:/llm-chat/latest", "hf://meta-llama/Llama-3.1-8B@main"])])).toEqual([
      'spec.template.spec.initContainers[0].args[0]: serving Deployment llm-chat pulls model models:/llm-chat/latest in init container fetch unpinned: "latest" moves with every new registered version: pin a model version number (models:/llm-chat/3)',
      'spec.template.spec.initContainers[0].args[1]: serving Deployment llm-chat pulls model hf://meta-llama/Llama-3.1-8B@main in init container fetch unpinned: revision "main" is a branch, which moves: pin a commit (40 hex digits)',
    ]);
  });

  it("passes versioned paths, version numbers and commits", async () => {
    expect(await findings([puller(["s3://acme-models/llm-chat/2026.11.2/", "models:/llm-chat/7", "hf://meta-llama/Llama-3.1-8B@0e9e39f249a16976918f6564b8830bc894c89659"])])).toEqual([]);
  });

  it("judges serving workloads only", async () => {
    const notServing = [
      { target: "Deployment/llm-chat", set: "/metadata/labels/app.kubernetes.io~1component", value: "batch" },
      { target: "Deployment/llm-chat", set: "/metadata/labels/gitops-forge.io~1serving", value: "false" },
    ];
    expect(await findings([puller(["s3://acme-models/llm-chat/latest/"]), ...notServing])).toEqual([]);
  });
});

describe("model-pinned on image volumes and version annotations", () => {
  const volume = (reference: string) => ({ target: "Deployment/llm-chat", set: `${POD}/volumes`, value: [{ name: "model", image: { reference, pullPolicy: "IfNotPresent" } }] });

  it("reports an image volume without a tag or tagged latest, and passes a version tag or a digest", async () => {
    expect(await findings([volume("ghcr.io/acme/models/llama3")])).toEqual([
      "spec.template.spec.volumes[0].image.reference: serving Deployment llm-chat mounts model image ghcr.io/acme/models/llama3 unpinned: names no tag or digest: pin a version tag or a digest (@sha256:...)",
    ]);
    expect(await findings([volume("ghcr.io/acme/models/llama3:latest")])).toHaveLength(1);
    expect(await findings([volume("ghcr.io/acme/models/llama3:8b-instruct-2026.11")])).toEqual([]);
    expect(await findings([volume(`ghcr.io/acme/models/llama3@sha256:${"a".repeat(64)}`)])).toEqual([]);
  });

  it("reports a volume's version annotation that names a moving alias", async () => {
    const annotate = { target: "Deployment/llm-chat", set: "/spec/template/metadata/annotations", value: { "gitops-forge.io/model-version": "current" } };
    expect(await findings([annotate])).toEqual([
      'spec.template.metadata.annotations["gitops-forge.io/model-version"]: serving Deployment llm-chat loads model version current unpinned: "current" is a moving alias: pin a version (e.g. 2026.11.2), a commit (40 hex digits) or a digest (sha256:...)',
    ]);
  });
});
