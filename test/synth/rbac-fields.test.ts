import { beforeAll, describe, expect, it } from "vitest";
import { manifestPath } from "../../scripts/lib/output/layout";
import { buildDelivery } from "../../scripts/lib/synth/pipeline";
import { errorsOf, synthesizePlatform } from "./platform-environment";

const PLATFORM = `services:
  search:
    rbac:
      rules:
        - { apiGroups: [""], resources: [configmaps], verbs: [get, watch] }
        - { apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [search-db] }
        - { apiGroups: [apps], resources: [deployments], verbs: [get, list] }
      clusterRules:
        - { resources: [nodes], verbs: [get, list] }
      tokenExpirationSeconds: 1800
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const API_ACCESS = "/var/run/secrets/kubernetes.io/serviceaccount";

describe("rbac fields", () => {
  it("binds a Role with the service's rules to its ServiceAccount", () => {
    const role = platform.find("Role", "search")!;
    expect(role.metadata.namespace).toBe("ml-serving");
    expect(role.rules).toEqual([
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "watch"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["search-db"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] },
    ]);
    const binding = platform.find("RoleBinding", "search")!;
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "search", namespace: "ml-serving" }]);
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "search" });
  });

  it("binds a ClusterRole for cluster rules, named after namespace and service, laid out apart and whitelisted for Argo CD", () => {
    const clusterRole = platform.find("ClusterRole", "ml-serving-search")!;
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules).toEqual([{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list"] }]);
    const binding = platform.find("ClusterRoleBinding", "ml-serving-search")!;
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "ml-serving-search" });
    expect(manifestPath(clusterRole)).toBe("_cluster/clusterrole-ml-serving-search.yaml");
    const project = buildDelivery(platform.env, platform.objects).find((o) => o.kind === "AppProject") as any;
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: "", kind: "Namespace" },
      { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
      { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
    ]);
    expect(project.spec.namespaceResourceWhitelist).toContainEqual({ group: "rbac.authorization.k8s.io", kind: "Role" });
  });

  it("mounts a projected, expiring API token only into the pods of services with rules", () => {
    for (const deployment of platform.objects.filter((o) => o.kind === "Deployment")) {
      const pod = deployment.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      const volume = pod.volumes.find((v: any) => v.projected);
      const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath === API_ACCESS);
      if (deployment.metadata.name !== "search") {
        expect(volume).toBeUndefined();
        expect(mount).toBeUndefined();
        continue;
      }
      expect(volume.projected.sources).toEqual([
        { serviceAccountToken: { path: "token", expirationSeconds: 1800 } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ]);
      expect(mount).toEqual({ name: volume.name, mountPath: API_ACCESS, readOnly: true });
    }
    expect(platform.find("ServiceAccount", "search")!.automountServiceAccountToken).toBe(false);
  });

  it("passes validate at production severity", () => {
    expect(errorsOf(platform.report)).toEqual([]);
  });
});

describe("rbac in production", () => {
  it("accepts rules that list Secrets when the environment says why", async () => {
    const { find, report } = await synthesizePlatform(
      'services:\n  search:\n    rbac:\n      rules: [{ resources: [secrets], verbs: [get, list] }]\n      secretsAccessReason: "the server reloads rotated credentials of its namespace"\n',
    );
    expect(find("Role", "search")!.rules).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }]);
    expect(errorsOf(report)).toEqual([]);
    expect(report.findings.filter((f) => f.policy === "rbac-secrets-access").map((f) => f.severity)).toEqual(["warning"]);
  });
});
