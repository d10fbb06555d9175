// Loading as the charts need it: the environment loader plus the checks only
// the charts can make, so a broken alert stops the run before anything is built.
import { findEnvironments, loadEnvironment, type EnvironmentCheck, type ServiceCheck } from "../environments/load-environment";
import type { ResolvedEnvironment } from "../environments/schema";
import type { FieldPath } from "../environments/source/yaml-source";
import { checkServiceAlertInput, serviceRuleGroups } from "./monitoring/alert-rules";
import { serviceAlertInput } from "./monitoring/environment-alerts";
import { alertGroupRules } from "./monitoring/alert-groups";
import { promQLProblem } from "./monitoring/promql";
import { UserError, UserErrors, checkEach, collectUserError } from "../environments/source/errors";
import { alertRoutingObjects } from "./operations/alert-routing";
import { checkDashboardPanels } from "./operations/dashboards";
import { checkAnalysisMetrics } from "./monitoring/analysis-checks";

/**
 * Builds the alert rules of a service that has custom alerts or SLOs beyond
 * the schema's reach once, so a broken custom PromQL expression, annotation
 * template or SLO is reported with its file and line.
 */
const checkAlertRules: ServiceCheck = (env, svc, chain) => {
  const source = { file: chain.docs[0]!.file, locate: (path: FieldPath) => chain.locate(path) };
  // Custom alerts are built (their PromQL and tests are checked); SLOs only checked.
  if (svc.alerts.length > 0) serviceRuleGroups({ ...serviceAlertInput(env, svc, source), sharedWorkloadAlerts: true });
  else if (hasSlosBeyondSchema(svc)) checkServiceAlertInput(serviceAlertInput(env, svc, source));
};

/** KEDA queries Prometheus with PromQL: it must parse and give a number, like an alert's. */
const checkScalingQueries: ServiceCheck = (_env, svc, chain) => {
  checkEach((svc.keda?.triggers ?? []).entries(), ([i, { prometheus }]) => {
    const path = ["services", svc.name, "keda", "triggers", i, "prometheus", "query"];
    const problem = promQLProblem(prometheus.query);
    if (problem) {
      throw new UserError(`invalid PromQL: ${problem.message} at character ${problem.offset + 1} in ${JSON.stringify(prometheus.query)}`, { ...chain.locate(path), path: path.join(".") });
    }
  });
};

/** Whether a service sets SLOs the schema alone cannot check. */
function hasSlosBeyondSchema(svc: ResolvedEnvironment["services"][number]): boolean {
  const { slo } = svc;
  return slo.requests !== undefined || slo.errors !== undefined || slo.latency.length > 0 || (slo.availability !== undefined && slo.replicaAvailability !== undefined);
}

/** Builds the environment's own alert groups once, so a broken rule is reported at its line. */
const checkAlertGroups: EnvironmentCheck = (env, chain) => {
  if (env.monitoring.alertGroups.length > 0) alertGroupRules(env, (path) => chain.locate(path));
};

/** Builds the teams' AlertmanagerConfigs once, so a routing mistake is reported at its line. */
const checkAlertRouting: EnvironmentCheck = (env, chain) => {
  if (env.monitoring.ruleInterval !== undefined || Object.keys(env.monitoring.routing).length > 0) alertRoutingObjects(env, (path) => chain.locate(path));
};

/** Checks the PromQL of the panels a service adds to its dashboard. */
const checkDashboards: ServiceCheck = (_env, svc, chain) => checkDashboardPanels(svc, (path) => chain.locate(path));

/** The team's analysis metrics: PromQL that parses, promtool series that promtool reads. */
const checkAnalysis: ServiceCheck = (_env, svc, chain) => checkAnalysisMetrics(svc, (path) => ({ ...chain.locate(path), path: path.join(".") }));

/** One environment, read, merged, validated and checked down to its alert rules, routing, dashboards and scaling queries. */
export function loadChartEnvironment(root: string, name: string): ResolvedEnvironment {
  return loadEnvironment(root, name, { services: [checkAlertRules, checkDashboards, checkScalingQueries, checkAnalysis], environment: [checkAlertRouting, checkAlertGroups] });
}

/** Every environment of the repository, failing with the mistakes of all of them (unreadable files included) together. */
export function loadAllChartEnvironments(root: string): ResolvedEnvironment[] {
  const { names, errors } = findEnvironments(root);
  return loadChartEnvironments(root, names, errors);
}

/** Several environments, each checked as above, failing with the mistakes of all of them (and `earlier` ones) together. */
export function loadChartEnvironments(root: string, names: readonly string[], earlier: readonly UserError[] = []): ResolvedEnvironment[] {
  const errors = [...earlier];
  const environments: ResolvedEnvironment[] = [];
  for (const name of names) collectUserError(errors, () => environments.push(loadChartEnvironment(root, name)));
  UserErrors.throwIfAny(errors);
  return environments;
}
