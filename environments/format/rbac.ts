/**
 * API access of a service: RBAC rules (rbac.authorization.k8s.io/v1
 * PolicyRules) granted to its own ServiceAccount through a Role in its
 * namespace and, for cluster-scoped resources, a ClusterRole. Only a service
 * with rules gets an API token, projected and short-lived.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { At, Report } from "./checking";
import { Strict } from "./primitives";

const Names = (description: string, dflt?: string[]) =>
  Type.Array(Type.String({ maxLength: 253 }), { minItems: 1, uniqueItems: true, description, ...(dflt ? { default: dflt } : {}) });

const PolicyRule = Strict(
  {
    apiGroups: Names('API groups ("" is the core group; default [""])', [""]),
    resources: Names("resources, e.g. configmaps or deployments (subresources as pods/log)"),
    verbs: Names("verbs, e.g. get, list, watch"),
    resourceNames: Type.Optional(Names("only these objects by name")),
  },
  { description: "one RBAC PolicyRule" },
);

export const Rbac = Strict(
  {
    rules: Type.Optional(Type.Array(PolicyRule, { minItems: 1, description: "rules of a Role in the service's namespace, bound to its ServiceAccount" })),
    clusterRules: Type.Optional(
      Type.Array(PolicyRule, { minItems: 1, description: "rules of a ClusterRole bound to its ServiceAccount (cluster-wide: nodes, namespaces, CRDs, ...)" }),
    ),
    tokenExpirationSeconds: Type.Integer({ minimum: 600, maximum: 86400, default: 3600, description: "lifetime of the projected API token (the kubelet renews it)" }),
    secretsAccessReason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1024, description: "why the service must list, watch or wildcard Secrets; production refuses such rules without it" }),
    ),
  },
  { description: "API access of the service's ServiceAccount; without rules it gets no API token" },
);

export type RbacConfig = Static<typeof Rbac>;
type Rule = Static<typeof PolicyRule>;

const SECRET_VERBS = ["*", "list", "watch"];

/** A rule that reads every Secret at once (`list`, `watch` or `*` on secrets), not one by name. */
const readsAllSecrets = (rule: Rule) =>
  rule.apiGroups.some((g) => g === "" || g === "*") &&
  rule.resources.some((r) => r === "secrets" || r === "*") &&
  rule.verbs.some((v) => SECRET_VERBS.includes(v)) &&
  rule.resourceNames === undefined;

/** Production refuses rules that read every Secret unless the environment says why. */
export function checkRbac(rbac: RbacConfig | undefined, tier: string, at: At, report: Report): void {
  if (!rbac) return;
  if (!rbac.rules && !rbac.clusterRules) report(at("rbac"), "give rules (a Role) or clusterRules (a ClusterRole)");
  if (tier !== "production" || rbac.secretsAccessReason !== undefined) return;
  for (const field of ["rules", "clusterRules"] as const) {
    rbac[field]?.forEach((rule, i) => {
      if (readsAllSecrets(rule)) {
        report(
          at("rbac", field, i),
          `grants ${rule.verbs.filter((v) => SECRET_VERBS.includes(v)).join(", ")} on ${rule.resources.includes("secrets") ? "secrets" : "every resource (*), Secrets included"}, which reads every Secret ${field === "clusterRules" ? "of the cluster" : "of the namespace"}: name the Secrets (resourceNames) with get, or, in production, say why in rbac.secretsAccessReason`,
        );
      }
    });
  }
}
