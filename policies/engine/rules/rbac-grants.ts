import { asArray, get, isObj, type Resource } from "../resources";
import { choiceParam, stringListParam, stringParam, type RuleContext, type Rule } from "../rule";

interface Grant {
  resources: string[];
  verbs: string[];
  apiGroups: string[] | undefined;
  /** A rule limited to named objects (resourceNames) grants nothing sensitive. */
  namedIsSafe: boolean;
}

/**
 * Index of the first rule of a role granting one of `verbs` on one of `resources` (wildcards included;
 * `*` among `resources` means any), in one of `apiGroups` when given.
 */
function grantingRule(role: Resource, grant: Grant): number {
  return asArray(role.object.rules).findIndex((rule) => {
    if (!isObj(rule)) return false;
    if (grant.namedIsSafe && asArray(rule.resourceNames).length > 0) return false;
    const ruleResources = asArray(rule.resources).map(String);
    const ruleVerbs = asArray(rule.verbs).map(String);
    const groups = grant.apiGroups;
    const inGroup = !groups || asArray(rule.apiGroups).some((g) => g === "*" || groups.includes(String(g)));
    const onResource = grant.resources.includes("*") || ruleResources.some((r) => r === "*" || grant.resources.includes(r));
    return inGroup && onResource && ruleVerbs.some((v) => v === "*" || grant.verbs.includes(v));
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

/** The Role or ClusterRole a binding names, whether or not it is among the manifests. */
function roleRefOf(binding: Resource): { kind: string; name: string } | undefined {
  const ref = binding.object.roleRef;
  if (!isObj(ref) || (ref.kind !== "Role" && ref.kind !== "ClusterRole") || typeof ref.name !== "string") return undefined;
  return { kind: ref.kind, name: ref.name };
}

/**
 * Roles that grant a sensitive permission (`verbs` on `resources`), reported
 * on the role itself (`reportOn: role`), on each binding that gives it to
 * someone (`binding`, kube-linter's reading) or on both (Polaris). Kubernetes'
 * own roles (`exemptRoles`) and bindings (`exemptBindings`) are exempt: a
 * user's binding to a system role is still reported. A binding whose role is
 * not among the manifests is not judged, unless `reportMissingRoles` (Polaris:
 * what it grants cannot be checked).
 */
export const rbacGrants: Rule = (ctx) => {
  const grant: Grant = {
    resources: stringListParam(ctx, "resources"),
    verbs: stringListParam(ctx, "verbs"),
    apiGroups: ctx.params.apiGroups === undefined ? undefined : stringListParam(ctx, "apiGroups"),
    namedIsSafe: ctx.params.namedIsSafe === true,
  };
  const can = stringParam(ctx, "describe");
  const exemptRoles = new RegExp(stringParam(ctx, "exemptRoles"));
  const exemptBindings = new RegExp(stringParam(ctx, "exemptBindings"));
  const reportOn = choiceParam(ctx, "reportOn", ["role", "binding", "both"]);
  const reportMissingRoles = ctx.params.reportMissingRoles === true;
  for (const r of ctx.resources) {
    const isBinding = r.ref.kind === "RoleBinding" || r.ref.kind === "ClusterRoleBinding";
    if (reportOn !== "both" && isBinding !== (reportOn === "binding")) continue;
    if ((isBinding ? exemptBindings : exemptRoles).test(r.ref.name)) continue;
    const role = isBinding ? roleOf(ctx, r) : r;
    if (!role) {
      const missing = reportMissingRoles ? roleRefOf(r) : undefined;
      if (missing && !exemptRoles.test(missing.name)) {
        ctx.report(r, ["roleRef", "name"], `${r.ref.kind} ${r.ref.name} binds ${missing.kind} ${missing.name}, which is not among the manifests, so what it grants cannot be checked`);
      }
      continue;
    }
    const i = grantingRule(role, grant);
    if (i < 0) continue;
    if (isBinding) ctx.report(r, ["roleRef", "name"], `${r.ref.kind} ${r.ref.name} binds ${role.ref.kind} ${role.ref.name}, which can ${can}`);
    else ctx.report(r, ["rules", i], `${r.ref.kind} ${r.ref.name} can ${can}`);
  }
};
