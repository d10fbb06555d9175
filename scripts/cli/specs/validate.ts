import { REPORT_FORMATS } from "../../../policies/report";
import type { CommandSpec } from "../spec";
import { REPORT_NOISE_OPTIONS } from "../report-options";
import { ROOT_OPTION } from "./root-option";

export const VALIDATE = {
  name: "validate",
  summary: "audit generated/ or any Kubernetes YAML against the policies",
  description: `Audits Kubernetes manifests (generated/ by default, any files or folders, or
stdin with -) against the policies in policies/.
Exit 0 pass, 1 policy failure, 2 usage or input error.`,
  arguments: [{ name: "[PATH|-]...", description: "manifest files or folders, - for stdin (default: generated/ under --root)", complete: "file" }],
  options: {
    env: { type: "string", value: "ENV", complete: "environment", description: "environment whose severities apply (policies/config.yaml)" },
    config: { type: "string", value: "FILE", complete: "file", description: "policy configuration (default: policies/config.yaml)" },
    policy: { type: "string", value: "ID", multiple: true, description: "run only this policy" },
    crds: { type: "string", value: "DIR", complete: "directory", description: "CustomResourceDefinitions whose schemas validate custom resources" },
    waivers: { type: "string", value: "FILE", complete: "file", description: "waivers file (default: policies/waivers.yaml)" },
    format: { type: "string", choices: REPORT_FORMATS, default: "human", description: "report format (with --list: human, json or markdown)" },
    output: { type: "string", value: "FILE", complete: "file", description: "write the report to this file instead of stdout" },
    list: { type: "boolean", description: "list the policies instead of validating" },
    ...REPORT_NOISE_OPTIONS,
    root: { ...ROOT_OPTION, default: "." },
  },
} as const satisfies CommandSpec;
