import type { Resource } from "./resources";
import type { ResourceCheck } from "./rule";
import type { Policy } from "./types";

/**
 * Runs per-resource checks in one pass over the resources: each resource goes
 * through every check of its kind while its fields are still in the
 * processor's cache, where one pass per check would read the whole input
 * again for each. A check sees its resources in input order.
 */
export function runInOnePass(checks: ResourceCheck[], resources: Resource[], fail: (policy: Policy, err: unknown) => never): void {
  const byKind = new Map<string, ResourceCheck[]>();
  for (const r of resources) {
    let applicable = byKind.get(r.ref.kind);
    if (!applicable) {
      const kind = r.ref.kind;
      byKind.set(kind, (applicable = checks.filter((c) => c.policy.kinds.includes("*") || c.policy.kinds.includes(kind))));
    }
    for (const check of applicable) {
      try {
        check.evaluate(r);
      } catch (err) {
        fail(check.policy, err);
      }
    }
  }
}
