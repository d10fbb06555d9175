import type { ResourceRule } from "../rule";

/**
 * Two objects with one identity are one object to the API server: whichever
 * is applied last silently replaces the other. Objects of different
 * environments (different clusters) may share an identity.
 */
export const duplicateObject: ResourceRule = {
  perResource: (ctx) => {
    const first = new Map<string, string>();
    return (r) => {
      const { apiVersion, kind, namespace, name } = r.ref;
      const identity = [r.environment ?? "", apiVersion, kind, namespace ?? "", name].join("\0");
      const earlier = first.get(identity);
      if (earlier === undefined) {
        first.set(identity, r.input.file);
        return;
      }
      const where = namespace ? `${namespace}/${name}` : name;
      ctx.report(r, ["metadata", "name"], `${kind} ${where} (${apiVersion}) is also defined in ${earlier}: whichever is applied last replaces the other`);
    };
  },
};
