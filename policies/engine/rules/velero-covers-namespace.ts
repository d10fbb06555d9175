import { asArray, get, type Resource } from "../resources";
import { stringListParam, type Rule } from "../rule";
import { memo } from "../workloads";

/** Namespaces covered by the Velero Schedules of the run ("*" or an empty include list means all). */
function coverage(ctx: Parameters<Rule>[0]): { all: boolean; included: Set<string>; excluded: Set<string> } {
  return memo(ctx.index, "veleroCoverage", () => {
    const result = { all: false, included: new Set<string>(), excluded: new Set<string>() };
    for (const schedule of ctx.index.ofKind("Schedule")) {
      if (!schedule.ref.apiVersion.startsWith("velero.io/")) continue;
      const included = asArray(get(schedule.object, ["spec", "template", "includedNamespaces"])).map(String);
      if (included.length === 0 || included.includes("*")) result.all = true;
      included.forEach((ns) => result.included.add(ns));
      asArray(get(schedule.object, ["spec", "template", "excludedNamespaces"])).forEach((ns) => result.excluded.add(String(ns)));
    }
    return result;
  });
}

/**
 * Every namespace of the input is backed up by a Velero Schedule: each
 * Namespace object, and each namespace whose workloads or volume claims the
 * input holds without its Namespace object (a third-party bundle), reported
 * once on its first such object.
 */
export const veleroCoversNamespace: Rule = (ctx) => {
  const covered = coverage(ctx);
  const exempt = new Set(stringListParam(ctx, "exemptNamespaces"));
  const declared = new Set(ctx.index.ofKind("Namespace").map((ns) => ns.ref.name));
  const judged = new Set<string>();
  const judge = (name: string, r: Resource, path: string[]) => {
    if (judged.has(name) || exempt.has(name)) return;
    judged.add(name);
    if ((covered.all || covered.included.has(name)) && !covered.excluded.has(name)) return;
    ctx.report(r, path, `Namespace ${name} is not included in any Velero Schedule`);
  };
  for (const r of ctx.resources) {
    if (r.ref.kind === "Namespace") judge(r.ref.name, r, ["metadata", "name"]);
    else if (r.namespace && !declared.has(r.namespace)) judge(r.namespace, r, ["metadata", "namespace"]);
  }
};
