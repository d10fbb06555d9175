import type { CommandSpec } from "../spec";

export const SCHEMA = {
  name: "schema",
  summary: "write the JSON Schemas of environment, policy, config and waiver files (for editors)",
  description: `Writes JSON Schemas for editors and other tools, next to the files they describe:
  environments/environment.schema.json          a complete environment (every required field)
  environments/environment-partial.schema.json  an environment file as written (fields may come through extends)
  policies/policy.schema.json, policies/config.schema.json, policies/waivers.schema.json`,
  options: {
    out: { type: "string", value: "DIR", complete: "directory", description: "write them all into this folder instead" },
    root: { type: "string", value: "DIR", complete: "directory", description: "repository root (default: the current folder)" },
    check: { type: "boolean", description: "write nothing; exit 1 when a schema differs from a fresh export" },
  },
} as const satisfies CommandSpec;
