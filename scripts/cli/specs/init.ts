import type { CommandSpec } from "../spec";

export const INIT = {
  name: "init",
  summary: "scaffold a new GitOps source repository that synthesizes and validates at once",
  description: `Writes a starting repository: environments (base, dev, production) with one
service, the policy configuration and waivers, JSON Schemas and editor settings,
the CI workflow and a README. Refuses to overwrite existing files.`,
  arguments: [{ name: "[DIR]", description: "where to create it (default: current directory)", complete: "directory" }],
  options: {},
} as const satisfies CommandSpec;
