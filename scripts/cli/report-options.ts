import { COLOR_OPTION } from "./color";

/** The options that tune a policy report's noise, shared by synth and validate. */
export const REPORT_NOISE_OPTIONS = {
  "fail-on": {
    type: "string",
    value: "SEVERITY",
    choices: ["error", "warning"],
    default: "error",
    description: "exit 1 when there are findings of this severity or above",
  },
  "min-severity": {
    type: "string",
    value: "SEVERITY",
    choices: ["error", "warning", "info"],
    default: "info",
    description: "report only findings of this severity or above (the totals still count every finding)",
  },
  quiet: { type: "boolean", short: "q", description: "print only what fails the run (nothing when it passes)" },
  color: COLOR_OPTION,
} as const;
