import type { Discovery } from "../discovery";
import type { Finding } from "../findings";
import { isRecord, listOf, splitApiVersion, type GeneratedObject } from "../objects";
import type { KubeTransport } from "../transport";

/** Operators that own the custom resource groups gitops-forge generates, for the remedy. */
const GROUP_OWNERS: Record<string, string> = {
  "monitoring.coreos.com": "Prometheus Operator",
  "chaos-mesh.org": "Chaos Mesh",
  "velero.io": "Velero",
  "argoproj.io": "Argo CD",
  "keda.sh": "KEDA",
  "autoscaling.k8s.io": "the Vertical Pod Autoscaler",
  "external-secrets.io": "External Secrets Operator",
};

/** Kinds of a group that another operator owns: Argo Rollouts shares argoproj.io with Argo CD. */
const KIND_OWNERS: Record<string, string> = {
  "argoproj.io/Rollout": "Argo Rollouts",
  "argoproj.io/AnalysisTemplate": "Argo Rollouts",
  "argoproj.io/ClusterAnalysisTemplate": "Argo Rollouts",
  "argoproj.io/AnalysisRun": "Argo Rollouts",
  "argoproj.io/Experiment": "Argo Rollouts",
};

function isBuiltInGroup(group: string): boolean {
  // autoscaling.k8s.io (the VPA) is named like Kubernetes' own groups but comes with its operator.
  if (group in GROUP_OWNERS) return false;
  return ["", "apps", "autoscaling", "policy", "batch", "extensions"].includes(group) || group.endsWith(".k8s.io");
}

/**
 * Every generated kind must be served at its apiVersion. For custom kinds that
 * are not, the CRDs are listed once to tell "not installed" from "installed
 * but that version is not served".
 */
export async function checkKindsServed(generated: readonly GeneratedObject[], discovery: Discovery, transport: KubeTransport): Promise<Finding[]> {
  const byKind = new Map<string, GeneratedObject[]>();
  for (const g of generated) {
    if (discovery.resource(g.object.apiVersion, g.object.kind)) continue;
    const key = `${g.object.apiVersion} ${g.object.kind}`;
    byKind.set(key, [...(byKind.get(key) ?? []), g]);
  }
  if (byKind.size === 0) return [];
  const needsCrds = [...byKind.values()].some((gs) => !isBuiltInGroup(splitApiVersion(gs[0]!.object.apiVersion).group));
  const crds = needsCrds ? await transport.list("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "list CustomResourceDefinitions") : [];
  return [...byKind.values()].map((objects) => unservedKind(objects, crds, discovery));
}

function unservedKind(objects: GeneratedObject[], crds: Record<string, unknown>[], discovery: Discovery): Finding {
  const { apiVersion, kind } = objects[0]!.object;
  const { group, version } = splitApiVersion(apiVersion);
  const count = objects.length === 1 ? "1 generated object" : `${objects.length} generated objects`;
  const base = { check: "crd" as const, severity: "error" as const, object: `${kind} (${apiVersion})`, file: objects[0]!.file };
  if (isBuiltInGroup(group)) {
    return { ...base, message: `the cluster does not serve ${apiVersion} ${kind} (${count})`, remedy: `generate a version of ${kind} this cluster serves, or upgrade the cluster` };
  }
  const owner = KIND_OWNERS[`${group}/${kind}`] ?? GROUP_OWNERS[group] ?? `${group} operator`;
  const crd = crds.find((c) => isRecord(c.spec) && c.spec.group === group && isRecord(c.spec.names) && c.spec.names.kind === kind);
  if (!crd || !isRecord(crd.spec) || !isRecord(crd.metadata)) {
    return { ...base, message: `no CustomResourceDefinition for ${kind} in group ${group} is installed (${count})`, remedy: `install the ${owner} CRDs on the cluster before merging` };
  }
  const name = String(crd.metadata.name);
  const versions = listOf(crd.spec.versions);
  const served = versions.filter((v) => v.served === true).map((v) => String(v.name));
  const entry = versions.find((v) => v.name === version);
  if (!entry || entry.served !== true) {
    const what = entry ? `defines ${version} but does not serve it` : `does not define ${version}`;
    return {
      ...base,
      message: `CRD ${name} is installed but ${what} (served: ${served.join(", ") || "none"}; ${count})`,
      remedy: served.length > 0 ? `generate ${group}/${served[0]} or upgrade ${owner} to a release that serves ${version}` : `upgrade ${owner} so that ${version} is served`,
    };
  }
  const reason = discovery.isServed(apiVersion) ? "API discovery does not list the kind" : `API discovery does not list ${apiVersion}`;
  return { ...base, message: `CRD ${name} serves ${version} but ${reason}: it is not established yet (${count})`, remedy: `check the CRD's conditions (kubectl get crd ${name} -o yaml)` };
}
