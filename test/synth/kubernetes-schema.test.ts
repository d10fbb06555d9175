import { describe, expect, it } from "vitest";
import { loadEnvironment, listEnvironments } from "../../environments/load-environment";
import { buildEnvironment } from "../../scripts/lib/synth/pipeline";
import { REPO_ROOT } from "../helpers/repo";
import { kubernetesSchemaErrors } from "../helpers/kube-schema";

const CORE_GROUPS = /^(v1|apps\/v1|batch\/v1|autoscaling\/v2|policy\/v1|networking\.k8s\.io\/v1)$/;

describe.each(listEnvironments(REPO_ROOT))("environment %s", (name) => {
  const objects = buildEnvironment(loadEnvironment(REPO_ROOT, name)).filter((o) => CORE_GROUPS.test(String(o.apiVersion)));

  it("has core objects to check", () => {
    expect(objects.length).toBeGreaterThan(20);
  });

  it.each(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o] as const))(
    "%s validates against the Kubernetes schema",
    async (_, object) => {
      expect(await kubernetesSchemaErrors(object)).toBeUndefined();
    },
  );
});

it("the validator rejects a malformed object (so the checks above can fail)", async () => {
  const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "two", selector: {}, template: {} } };
  expect(await kubernetesSchemaErrors(broken)).toMatch(/replicas/);
});
