import type { Options, ValidateFunction } from "ajv";
import { cachedValidator } from "../../environments/source/cached-validator";

/**
 * A validator for a schema gitops-forge ships (policy files, the policy
 * config, waivers, its own custom resources), cached as standalone code.
 * They are checked against the JSON Schema meta-schema by
 * test/validate/bundled-schemas.test.ts, so a compile does not check them
 * again.
 */
export function bundledValidator(name: string, schema: object, options: Options = {}): ValidateFunction {
  return cachedValidator({ name, schema, options: { strict: false, ...options, validateSchema: false } });
}
