import { asArray, get, isObj, type Resource } from "../resources";
import { stringListParam, stringParam, type RuleContext, type Rule } from "../rule";

/** Index of the first rule of a role granting one of `verbs` on one of `resources` (wildcards included). */
function grantingRule(role: Resource, resources: string[], verbs: string[]): number {
  return asArray(role.object.rules).findIndex((rule) => {
    if (!isObj(rule)) return false;
    const ruleResources = asArray(rule.resources).map(String);
    const ruleVerbs = asArray(rule.verbs).map(String);
    return ruleResources.some((r) => r === "*" || resources.includes(r)) && ruleVerbs.some((v) => v === "*" || verbs.includes(v));
  });
}

/** The Role or ClusterRole a binding refers to, when it is among the manifests. */
export function roleOf(ctx: RuleContext, binding: Resource): Resource | undefined {
  const kind = get(binding.object, ["roleRef", "kind"]);
  const name = get(binding.object, ["roleRef", "name"]);
  if (typeof name !== "string") return undefined;
  if (kind === "ClusterRole") return ctx.index.named("", "ClusterRole", name);
  return kind === "Role" ? ctx.index.named(binding.namespace, "Role", name) : undefined;
}

/**
 * Roles that grant a sensitive permission (`verbs` on `resources`), reported
 * on the role itself or, with `reportOn: binding`, on each binding that gives
 * it to someone (kube-linter's reading). Kubernetes' own roles are exempt.
 */
export const rbacGrants: Rule = (ctx) => {
  const resources = stringListParam(ctx, "resources");
  const verbs = stringListParam(ctx, "verbs");
  const can = stringParam(ctx, "describe");
  const exempt = new RegExp(stringParam(ctx, "exemptRoles"));
  const onBindings = ctx.params.reportOn === "binding";
  for (const r of ctx.resources) {
    const isBinding = r.ref.kind === "RoleBinding" || r.ref.kind === "ClusterRoleBinding";
    if (isBinding !== onBindings) continue;
    const role = isBinding ? roleOf(ctx, r) : r;
    if (!role || exempt.test(role.ref.name)) continue;
    const i = grantingRule(role, resources, verbs);
    if (i < 0) continue;
    if (isBinding) ctx.report(r, ["roleRef", "name"], `${r.ref.kind} ${r.ref.name} binds ${role.ref.kind} ${role.ref.name}, which can ${can}`);
    else ctx.report(r, ["rules", i], `${r.ref.kind} ${r.ref.name} can ${can}`);
  }
};
