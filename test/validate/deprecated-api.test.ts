/** The deprecated-API table covers the API versions removed up to the Kubernetes version the charts target. */
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../policies/engine/input";
import { run } from "./helpers";

function object(apiVersion: string, kind: string): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: ml-prod\n  labels:\n    gitops-forge.io/environment: production\n`;
}

describe("deprecated-api", () => {
  it.each([
    ["flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "flowcontrol.apiserver.k8s.io/v1"],
    ["storage.k8s.io/v1beta1", "CSIStorageCapacity", "storage.k8s.io/v1"],
    ["coordination.k8s.io/v1beta1", "Lease", "coordination.k8s.io/v1"],
    ["certificates.k8s.io/v1beta1", "CertificateSigningRequest", "certificates.k8s.io/v1"],
    ["resource.k8s.io/v1alpha3", "ResourceClaim", "resource.k8s.io/v1"],
  ])("reports %s %s and names %s", async (apiVersion, kind, replacement) => {
    const report = await run(parseManifests("removed.yaml", object(apiVersion, kind)), { policyIds: ["deprecated-api"] });
    expect(report.findings.map((f) => f.message)).toEqual([`${kind} uses deprecated API ${apiVersion}; use ${replacement}`]);
  });

  it("leaves the versions the charts generate alone", async () => {
    const current = [["apps/v1", "Deployment"], ["autoscaling/v2", "HorizontalPodAutoscaler"], ["policy/v1", "PodDisruptionBudget"], ["networking.k8s.io/v1", "NetworkPolicy"], ["coordination.k8s.io/v1", "Lease"]];
    const report = await run(current.flatMap(([v, k]) => parseManifests(`${k}.yaml`, object(v!, k!))), { policyIds: ["deprecated-api"] });
    expect(report.findings).toEqual([]);
  });
});
