import { durationSeconds } from "../../../environments/duration";
import { asArray, get, isObj, type Resource } from "../resources";
import type { ResourceRule } from "../rule";

/** What Velero keeps a backup for when its ttl is unset. */
const VELERO_DEFAULT_TTL = "720h";

interface Retention {
  resource: Resource;
  ttlPath: string[];
  ttl: string;
  /** Namespaces backed up; "*" for all. */
  included: string[];
  excluded: Set<string>;
}

/** A Velero Schedule's (its template's) or Backup's retention and namespaces. */
function retentionOf(r: Resource): Retention {
  const spec = r.ref.kind === "Schedule" ? ["spec", "template"] : ["spec"];
  const ttl = get(r.object, [...spec, "ttl"]);
  const included = asArray(get(r.object, [...spec, "includedNamespaces"])).map(String);
  return {
    resource: r,
    ttlPath: [...spec, "ttl"],
    ttl: typeof ttl === "string" ? ttl : VELERO_DEFAULT_TTL,
    included: included.length === 0 ? ["*"] : included,
    excluded: new Set(asArray(get(r.object, [...spec, "excludedNamespaces"])).map(String)),
  };
}

const covers = (b: Retention, namespace: string) => (b.included.includes("*") || b.included.includes(namespace)) && !b.excluded.has(namespace);

/**
 * Backups are kept at least the environment's minimum: a Schedule (or Backup)
 * kept for less is an error unless every namespace it backs up is also kept
 * that long by another one of its environment (a frequent schedule beside
 * the daily one that holds the retention).
 */
export const veleroBackupTtl: ResourceRule = {
  perResource: (ctx) => {
    const minimum = isObj(ctx.params.minimumTtl) ? ctx.params.minimumTtl : {};
    for (const [env, value] of Object.entries(minimum)) {
      if (typeof value !== "string" || durationSeconds(value) === 0) throw new Error(`parameter minimumTtl.${env} must be a duration such as 720h`);
    }
    const velero = [...ctx.index.ofKind("Schedule"), ...ctx.index.ofKind("Backup")].filter((r) => r.ref.apiVersion.startsWith("velero.io/"));
    const retentions = new Map(velero.map((r) => [r, retentionOf(r)]));
    return (r) => {
      const own = retentions.get(r);
      if (!own || r.environment === undefined) return;
      const required = minimum[r.environment] as string | undefined;
      if (required === undefined || durationSeconds(own.ttl) >= durationSeconds(required)) return;
      const keptLongEnough = [...retentions.values()].filter((b) => b.resource.environment === r.environment && durationSeconds(b.ttl) >= durationSeconds(required));
      const uncovered = own.included.find((ns) => (ns === "*" ? !keptLongEnough.some((b) => b.included.includes("*") && b.excluded.size === 0) : !keptLongEnough.some((b) => covers(b, ns))));
      if (uncovered === undefined) return;
      const what = uncovered === "*" ? "all namespaces" : `namespace ${uncovered}`;
      ctx.report(r, own.ttlPath, `${r.ref.kind} ${r.ref.name} keeps backups for ${own.ttl}, less than the ${required} environment ${r.environment} requires, and no other keeps ${what} that long`);
    };
  },
};
