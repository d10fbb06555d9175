// Loading as the charts need it: the environment loader plus the checks only
// the charts can make, so a broken alert stops the run before anything is built.
import { loadEnvironment, type EnvironmentCheck } from "../environments/load-environment";
import type { ResolvedEnvironment } from "../environments/schema";
import type { FieldPath } from "../environments/source/yaml-source";
import { serviceRuleGroups } from "./monitoring/alert-rules";
import { serviceAlertInput } from "./monitoring/environment-alerts";
import { promQLProblem } from "./monitoring/promql";
import { UserError } from "../environments/source/errors";

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

/** KEDA queries Prometheus with PromQL: it must parse and give a number, like an alert's. */
const checkScalingQueries: EnvironmentCheck = (env, chain) => {
  for (const svc of env.services) {
    svc.keda?.triggers.forEach(({ prometheus }, i) => {
      const path = ["services", svc.name, "keda", "triggers", i, "prometheus", "query"];
      const problem = promQLProblem(prometheus.query);
      if (problem) {
        throw new UserError(`invalid PromQL: ${problem.message} at character ${problem.offset + 1} in ${JSON.stringify(prometheus.query)}`, { ...chain.locate(path), path: path.join(".") });
      }
    });
  }
};

/** One environment, read, merged, validated and checked down to its alert rules and scaling queries. */
export function loadChartEnvironment(root: string, name: string): ResolvedEnvironment {
  return loadEnvironment(root, name, [checkAlertRules, checkScalingQueries]);
}
