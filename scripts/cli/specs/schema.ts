import type { CommandSpec } from "../spec";

export const SCHEMA = {
  name: "schema",
  summary: "write the JSON Schemas of environment, policy, config and waiver files (for editors)",
  description: `Writes JSON Schemas for editors and other tools:
  environment.schema.json          a complete environment (every required field)
  environment-partial.schema.json  an environment file as written (fields may come through extends)
  policy.schema.json, policy-config.schema.json, waivers.schema.json`,
  options: {
    out: { type: "string", value: "DIR", default: "schemas", complete: "directory", description: "folder to write them to" },
    check: { type: "boolean", description: "write nothing; exit 1 when the folder differs from a fresh export" },
  },
} as const satisfies CommandSpec;
