// Loading as the charts need it: the environment loader plus the checks only
// the charts can make, so a broken alert stops the run before anything is built.
import { loadEnvironment, type EnvironmentCheck } from "../environments/load-environment";
import type { ResolvedEnvironment } from "../environments/schema";
import type { FieldPath } from "../environments/source/yaml-source";
import { serviceRuleGroups } from "./monitoring/alert-rules";
import { serviceAlertInput } from "./monitoring/environment-alerts";

/**
 * Builds every service's alert rules once, so a broken custom PromQL
 * expression or annotation template is reported with its file and line.
 */
const checkAlertRules: EnvironmentCheck = (env, chain) => {
  const source = { file: chain.docs[0]!.file, locate: (path: FieldPath) => chain.locate(path) };
  for (const svc of env.services) {
    if (svc.alerts.length > 0) serviceRuleGroups({ ...serviceAlertInput(env, svc, source), sharedWorkloadAlerts: true });
  }
};

/** One environment, read, merged, validated and checked down to its alert rules. */
export function loadChartEnvironment(root: string, name: string): ResolvedEnvironment {
  return loadEnvironment(root, name, [checkAlertRules]);
}
