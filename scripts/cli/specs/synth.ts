import type { CommandSpec } from "../spec";
import { REPORT_NOISE_OPTIONS } from "../report-options";
import { ENV_OPTION, ROOT_OPTION } from "./root-option";

export const SYNTH = {
  name: "synth",
  summary: "synthesize environments/<env>.yaml into generated/<env>/ and check it against the policies",
  description: `Synthesizes environments/<env>.yaml into generated/<env>/, then validates what
it wrote against policies/: a summary by default (every finding that fails the
run, the most frequent others, the totals), the full report with --report.
Exit 0 pass, 1 policy failure or --check differences, 2 bad input.`,
  options: {
    env: ENV_OPTION,
    check: { type: "boolean", description: "write nothing; exit 1 and list files that differ from a fresh synth" },
    "no-validate": { type: "boolean", description: "skip the policy report" },
    report: { type: "boolean", description: "print the full policy report (every finding with its file, line and fix)" },
    ...REPORT_NOISE_OPTIONS,
    root: ROOT_OPTION,
  },
} as const satisfies CommandSpec;
