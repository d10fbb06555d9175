/**
 * Every policy on by default can be satisfied through a field of the
 * environment format: priority class, image pull policy and scratch space
 * are written to the pods when set, and left out (the old defaults) when not.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvironment } from "../../environments/load-environment";
import { loadManifests, validateManifests } from "../../policies/engine";
import { buildEnvironment, type Manifest } from "../../scripts/lib/synth/pipeline";
import { REPO_ROOT, removeScratch, scratchRepo } from "../helpers/repo";

type Deployment = Manifest & { spec: { template: { spec: { priorityClassName?: string; containers: Array<{ imagePullPolicy: string; resources: { requests: Record<string, unknown>; limits: Record<string, unknown> } }> } } } };

const FIELD_POLICIES = ["priority-class", "image-pull-policy", "ephemeral-storage", "ephemeral-storage-requests-equal-limits"];

function deployment(root: string, env: string, name: string): Deployment {
  return buildEnvironment(loadEnvironment(root, env)).find((o) => o.kind === "Deployment" && o.metadata.name === name) as Deployment;
}

describe("policy-satisfying fields", () => {
  it("the sample environments set them, and the policies find nothing in what synth generated", async () => {
    const report = await validateManifests(loadManifests(["generated/production", "generated/staging", "generated/dev"].map((p) => join(REPO_ROOT, p))), { root: REPO_ROOT, policyIds: FIELD_POLICIES });
    expect(report.findings).toEqual([]);
    const pod = deployment(REPO_ROOT, "production", "llm-chat").spec.template.spec;
    expect(pod.priorityClassName).toBe("ml-serving");
    expect(pod.containers[0]!.imagePullPolicy).toBe("Always");
    expect([pod.containers[0]!.resources.requests["ephemeral-storage"], pod.containers[0]!.resources.limits["ephemeral-storage"]]).toEqual(["64Gi", "64Gi"]);
  });

  it("without them the pods keep the previous defaults, and the policies say so", async () => {
    const root = scratchRepo();
    try {
      const base = join(root, "environments/base.yaml");
      const text = readFileSync(base, "utf8");
      const without = text
        .replace(/\n.*\n  priorityClassName: ml-serving\n  image: \{ pullPolicy: Always \}\n.*\n  resources: \{ ephemeralStorage: 12Gi \}\n/, "\n")
        .replace(", ephemeralStorage: 64Gi }", " }");
      expect(without).not.toBe(text);
      writeFileSync(base, without);
      const pod = deployment(root, "production", "search").spec.template.spec;
      expect(pod.priorityClassName).toBeUndefined();
      expect(pod.containers[0]!.imagePullPolicy).toBe("IfNotPresent");
      expect(pod.containers[0]!.resources.requests["ephemeral-storage"]).toBeUndefined();
      // A separate limit is written as given; the request stays as set.
      writeFileSync(base, without.replace('resources: { cpu: "1", memory: 2Gi }', 'resources: { cpu: "1", memory: 2Gi, ephemeralStorage: 4Gi, ephemeralStorageLimit: 8Gi }'));
      const limited = deployment(root, "production", "search").spec.template.spec.containers[0]!.resources;
      expect([limited.requests["ephemeral-storage"], limited.limits["ephemeral-storage"]]).toEqual(["4Gi", "8Gi"]);
    } finally {
      removeScratch(root);
    }
  });

  it("mounts a Secret's key as a read-only file instead of an environment variable (env-secret-ref)", async () => {
    const root = scratchRepo();
    try {
      const base = join(root, "environments/base.yaml");
      const text = readFileSync(base, "utf8");
      const files = text.replace("      - { env: HF_TOKEN, secret: huggingface, key: token }", "      - { file: /var/run/secrets/hf/token, secret: huggingface, key: token }");
      expect(files).not.toBe(text);
      writeFileSync(base, files);
      const objects = buildEnvironment(loadEnvironment(root, "production"));
      const pod = (objects.find((o) => o.kind === "Deployment" && o.metadata.name === "llm-chat") as Deployment).spec.template.spec as unknown as {
        containers: Array<{ env?: unknown; volumeMounts: unknown[] }>;
        volumes: unknown[];
      };
      expect(pod.containers[0]!.env).toBeUndefined();
      expect(pod.containers[0]!.volumeMounts).toContainEqual({ name: "secret-0", mountPath: "/var/run/secrets/hf/token", subPath: "token", readOnly: true });
      expect(pod.volumes).toContainEqual({ name: "secret-0", secret: { secretName: "huggingface", defaultMode: 0o440, items: [{ key: "token", path: "token" }] } });
      const manifests = objects.map((object, index) => ({ file: "llm-chat.yaml", index, object }));
      const report = await validateManifests(manifests, { root: REPO_ROOT, policyIds: ["env-secret-ref"] });
      expect(report.findings.filter((f) => f.resource.name === "llm-chat")).toEqual([]);
      // Both or neither is one located error.
      writeFileSync(base, text.replace("      - { env: HF_TOKEN, secret: huggingface, key: token }", "      - { env: HF_TOKEN, file: /run/hf, secret: huggingface, key: token }"));
      expect(() => loadEnvironment(root, "production")).toThrow(/^environments\/base\.yaml:\d+:\d+ services\.llm-chat\.secrets\.0: set either env .* or file/);
    } finally {
      removeScratch(root);
    }
  });

  it("no policy message shows a regular expression", async () => {
    const { policiesOf } = await import("../../policies/engine");
    const messages = policiesOf(REPO_ROOT).flatMap((p) => (p.check ? [[p.id, p.check.message.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(p.parameters[name]?.default ?? name))]] : []));
    expect(messages.filter(([, m]) => /\^|\$$|\.\+|\\[sdw]/.test(m!))).toEqual([]);
  });
});
