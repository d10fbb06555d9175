import type { FieldPath } from "../source/yaml-source";

/** Stops the load with a UserError located at `path` (see _references.ts). */
export type Fail = (path: FieldPath, message: string) => never;
/** A path inside the service being checked. */
export type At = (...rest: FieldPath) => FieldPath;
