import type { Resource } from "../resources";
import type { ResourceRule } from "../rule";

/**
 * The same apiVersion, kind, namespace and name twice in one environment.
 * Objects of different environments go to different clusters, so they may
 * share names; objects named by generateName get a unique name on creation.
 */
export const duplicateObject: ResourceRule = {
  perResource: (ctx) => {
    const first = new Map<string, Resource>();
    return (r) => {
      if (!r.ref.name || typeof (r.object.metadata as { name?: unknown } | undefined)?.name !== "string") return;
      const key = `${r.environment ?? ""}\0${r.ref.apiVersion}\0${r.ref.kind}\0${r.namespace}\0${r.ref.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, r);
        return;
      }
      const where = earlier.input.file === r.input.file ? `document ${earlier.input.index + 1} of this file` : earlier.input.file;
      ctx.report(r, ["metadata", "name"], `${r.ref.kind} ${r.ref.namespace ? `${r.ref.namespace}/` : ""}${r.ref.name} (${r.ref.apiVersion}) is defined more than once (first in ${where})`);
    };
  },
};
