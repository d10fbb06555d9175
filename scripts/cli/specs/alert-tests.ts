import type { CommandSpec } from "../spec";
import { ENV_OPTION } from "./root-option";

export const ALERT_TESTS = {
  name: "alert-tests",
  summary: "run promtool over the generated alert rules and their unit tests",
  description: `Runs promtool check rules and promtool test rules on
  default         every PrometheusRule manifest under --dir and its tests,
                  <dir>/alert-tests/<same path>.promtool-test.yaml;
  --environments  the alert rules and tests built from the environments under
                  --root, --env to pick some.
Exit 0 all pass, 1 promtool found a failure, 2 bad input or no promtool.`,
  options: {
    dir: { type: "string", value: "DIR", default: "generated", complete: "directory", description: "folder of the generated manifests" },
    environments: { type: "boolean", description: "build the rules and tests from environments/*.yaml in memory instead" },
    root: { type: "string", value: "DIR", default: ".", complete: "directory", description: "with --environments: repository root" },
    env: { ...ENV_OPTION, description: "with --environments: only this environment; default: all" },
  },
} as const satisfies CommandSpec;
