import type { CommandSpec } from "../spec";
import { ROOT_OPTION } from "./root-option";

export const ENVIRONMENTS = {
  name: "environments",
  summary: "list the environments synth builds (not the abstract ones)",
  options: {
    json: { type: "boolean", description: "print a JSON array (for a CI matrix)" },
    root: ROOT_OPTION,
  },
} as const satisfies CommandSpec;
