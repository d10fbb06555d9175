import type { FieldPath } from "../source/yaml-source";

/** Stops the check with a UserError located at `path` (see _references.ts): for a mistake the rest of the check cannot go past. */
export type Fail = (path: FieldPath, message: string) => never;
/** Adds a mistake located at `path` and lets the check go on, so one run reports every mistake it finds. */
export type Report = (path: FieldPath, message: string) => void;
/** A path inside the service being checked. */
export type At = (...rest: FieldPath) => FieldPath;
