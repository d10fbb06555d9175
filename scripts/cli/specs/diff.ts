import type { CommandSpec } from "../spec";
import { ENV_OPTION, ROOT_OPTION } from "./root-option";
import { COLOR_OPTION } from "../color";

export const DIFF = {
  name: "diff",
  summary: "the change between generated/ and a git ref: a unified diff, or the summary pr would propose",
  description: `Prints the change between the working tree's generated/ and generated/ at a
git ref (default HEAD): a unified diff of the changed manifests, as kubectl
diff shows it, then one line per environment with its counts and risk flags.
--format markdown prints instead the summary \`pr\` would propose: resources
added, changed and removed, reviewer facts, risk flags, the service diagram
and the capacity delta.`,
  arguments: [{ name: "[REF]", description: "git ref to compare with (default: HEAD)" }],
  options: {
    env: ENV_OPTION,
    format: { type: "string", value: "FORMAT", choices: ["diff", "markdown"], default: "diff", description: "diff: a unified diff per changed manifest; markdown: the summary pr would propose" },
    patch: { type: "boolean", description: "with --format markdown: also print the per-file diffs" },
    "exit-code": { type: "boolean", description: "exit 1 when there are differences" },
    templates: { type: "string", value: "DIR", complete: "directory", description: "PR body templates overriding scripts/pr/templates (default: templates/pr if present)" },
    color: { ...COLOR_OPTION, description: "colour the unified diff: auto (a terminal, unless NO_COLOR; FORCE_COLOR=1 forces it, FORCE_COLOR=0 stops it), always or never" },
    root: ROOT_OPTION,
  },
} as const satisfies CommandSpec;
