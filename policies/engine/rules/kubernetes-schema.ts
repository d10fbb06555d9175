import { errorPath } from "../schema-errors";
import type { ResourceRule } from "../rule";

/** Most errors a single object reports; the first few say what is wrong. */
const MAX_ERRORS_PER_OBJECT = 5;

/** Schema validation of every object with a known schema (core kinds and CRDs), offline. */
export const kubernetesSchema: ResourceRule = {
  perResource: (ctx) => (r) => {
    const validate = ctx.schemas.validatorFor(r.ref.apiVersion, r.ref.kind);
    if (!validate) return;
    for (const error of validate(r.object).slice(0, MAX_ERRORS_PER_OBJECT)) {
      const path = errorPath(error);
      const field = path.length > 0 ? path.join(".") : "(object)";
      const params = error.params as Record<string, unknown>;
      let detail = error.message ?? "is invalid";
      if (typeof params.missingProperty === "string") detail = "is required";
      if (Array.isArray(params.allowedValues)) detail = `must be one of ${params.allowedValues.join(", ")}`;
      ctx.report(r, path, `${r.ref.apiVersion} ${r.ref.kind}: ${field} ${detail}`);
    }
  },
};
