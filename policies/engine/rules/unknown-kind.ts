import type { ResourceRule } from "../rule";

/** Objects without a known schema are reported as unvalidated rather than rejected. */
export const unknownKind: ResourceRule = {
  perResource: (ctx) => (r) => {
    if (ctx.schemas.validatorFor(r.ref.apiVersion, r.ref.kind)) return;
    ctx.report(r, ["kind"], `no schema for ${r.ref.apiVersion} ${r.ref.kind}; the object was not schema-validated (pass --crds DIR with its CRD)`);
  },
};
