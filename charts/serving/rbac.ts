import { JsonPatch } from "cdk8s";
import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ServiceContext } from "./context";
import { deploymentOf } from "./deployment-of";
import { serviceObjectName } from "../../environments/format/object-names";

/** Where Kubernetes clients look for the API token, CA and namespace. */
const API_ACCESS_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
const API_ACCESS_VOLUME = "kube-api-access";

/**
 * The service's API access: a Role (and a ClusterRole when it has cluster
 * rules) bound to its ServiceAccount, and the API token mounted into its pods
 * as a projected, expiring token. The ServiceAccount and pod still refuse
 * automounting: the token is there only because the rules are.
 */
export class ServiceAccess extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext, workload: Construct) {
    super(scope, id);
    const { svc } = ctx;
    const rbac = svc.rbac!;
    const subjects = [{ kind: "ServiceAccount", name: svc.name, namespace: svc.namespace }];
    if (rbac.rules) {
      const role = serviceObjectName(svc, "role");
      // Services that name one Role (with the same rules, as the loader checks) share it: the first writes it.
      const sharing = ctx.env.services.find((s) => s.namespace === svc.namespace && s.rbac?.rules !== undefined && serviceObjectName(s, "role") === role);
      if (sharing?.name === svc.name) new k8s.KubeRole(this, "role", { metadata: ctx.meta(role), rules: rbac.rules });
      new k8s.KubeRoleBinding(this, "role-binding", { metadata: ctx.meta(serviceObjectName(svc, "roleBinding")), subjects, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role } });
    }
    if (rbac.clusterRules) {
      // Cluster-wide names: the namespace keeps two environments' services apart.
      const { namespace: _none, ...metadata } = ctx.meta(`${svc.namespace}-${svc.name}`);
      new k8s.KubeClusterRole(this, "cluster-role", { metadata, rules: rbac.clusterRules });
      new k8s.KubeClusterRoleBinding(this, "cluster-role-binding", { metadata, subjects, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: metadata.name } });
    }
    mountApiToken(workload, rbac.tokenExpirationSeconds);
  }
}

/** Adds the projected token, the cluster CA and the namespace to the pod, read-only, where clients expect them. */
function mountApiToken(workload: Construct, expirationSeconds: number): void {
  const deployment = deploymentOf(workload);
  // The L1 Deployment re-maps patched JSON through its typed props, which spell it downwardApi; a Rollout takes the API's spelling.
  const downward = deployment.kind === "Rollout" ? "downwardAPI" : "downwardApi";
  deployment.addJsonPatch(
    JsonPatch.add("/spec/template/spec/volumes/-", {
      name: API_ACCESS_VOLUME,
      projected: {
        defaultMode: 0o444,
        sources: [
          { serviceAccountToken: { path: "token", expirationSeconds } },
          { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
          { [downward]: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
        ],
      },
    }),
    JsonPatch.add("/spec/template/spec/containers/0/volumeMounts/-", { name: API_ACCESS_VOLUME, mountPath: API_ACCESS_PATH, readOnly: true }),
  );
}
