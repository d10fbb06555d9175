import { asArray, get, isObj, type Resource } from "../resources";
import { stringParam, type Rule } from "../rule";
import { roleOf } from "./rbac-grants";

const EVERY_VERB = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** A rule granting every verb (or `*`) on every resource of every API group: cluster-admin under another name. */
function grantsEverything(role: Resource): boolean {
  return asArray(role.object.rules).some((rule) => {
    if (!isObj(rule)) return false;
    const verbs = asArray(rule.verbs).map(String);
    return asArray(rule.apiGroups).includes("*") && asArray(rule.resources).includes("*") && (verbs.includes("*") || EVERY_VERB.every((v) => verbs.includes(v)));
  });
}

/** Bindings to cluster-admin, or (with `wildcardRoles`) to a role that grants everything. */
export const rbacClusterAdminBinding: Rule = (ctx) => {
  const exempt = new RegExp(stringParam(ctx, "exemptBindings"));
  const wildcardRoles = ctx.params.wildcardRoles === true;
  for (const r of ctx.resources) {
    if (exempt.test(r.ref.name)) continue;
    const roleName = get(r.object, ["roleRef", "name"]);
    if (roleName === "cluster-admin" && get(r.object, ["roleRef", "kind"]) === "ClusterRole") {
      ctx.report(r, ["roleRef", "name"], `${r.ref.kind} ${r.ref.name} binds cluster-admin`);
      continue;
    }
    const role = wildcardRoles ? roleOf(ctx, r) : undefined;
    if (role && grantsEverything(role)) {
      ctx.report(r, ["roleRef", "name"], `${r.ref.kind} ${r.ref.name} binds ${role.ref.kind} ${role.ref.name}, which grants every verb on every resource (cluster-admin under another name)`);
    }
  }
};
