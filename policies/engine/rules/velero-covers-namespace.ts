import { ENVIRONMENT_LABEL, asArray, get } from "../resources";
import type { Rule } from "../rule";
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

/** Every environment namespace is backed up by a Velero Schedule. */
export const veleroCoversNamespace: Rule = (ctx) => {
  const covered = coverage(ctx);
  for (const ns of ctx.resources) {
    if (ns.labels[ENVIRONMENT_LABEL] === undefined) continue;
    const name = ns.ref.name;
    if ((covered.all || covered.included.has(name)) && !covered.excluded.has(name)) continue;
    ctx.report(ns, ["metadata", "name"], `Namespace ${name} is not included in any Velero Schedule`);
  }
};
