import type { CommandSpec } from "../spec";
import { ENV_OPTION, ROOT_OPTION } from "./root-option";

export const DIFF = {
  name: "diff",
  summary: "summarize the change between generated/ and a git ref, as pr would propose it",
  description: `Prints the change summary \`pr\` would propose, between the working tree's
generated/ and generated/ at a git ref (default HEAD): resources added,
changed and removed, reviewer facts, risk flags and the capacity delta.`,
  arguments: [{ name: "[REF]", description: "git ref to compare with (default: HEAD)" }],
  options: {
    env: ENV_OPTION,
    patch: { type: "boolean", description: "also print the per-file diffs" },
    "exit-code": { type: "boolean", description: "exit 1 when there are differences" },
    templates: { type: "string", value: "DIR", complete: "directory", description: "PR body templates overriding scripts/pr/templates (default: templates/pr if present)" },
    root: ROOT_OPTION,
  },
} as const satisfies CommandSpec;
