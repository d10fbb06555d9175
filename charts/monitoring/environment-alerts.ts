/** Alert inputs from a resolved environment, as the charts hold it. */
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { METRICS_PORT } from "../serving/context";
import { isRollout } from "../serving/rollout";
import type { EnvironmentAlertInput, ServiceAlertInput } from "./alert-rules";

/** `source` lets errors in custom alerts point at their line (the loader's locate); without it they name the files. */
export function serviceAlertInput(env: ResolvedEnvironment, svc: ResolvedService, source?: ServiceAlertInput["source"]): ServiceAlertInput {
  return {
    environment: env.name,
    namespace: svc.namespace,
    service: svc.name,
    team: svc.team,
    runbookBaseUrl: env.monitoring.runbookBaseUrl,
    gpu: svc.gpu !== undefined,
    ...(svc.stateful ? { stateful: true } : {}),
    metricsPort: METRICS_PORT,
    ...(isRollout(svc) ? { rollout: true } : {}),
    slo: svc.slo,
    metrics: svc.metrics,
    customAlerts: svc.alerts,
    ...serviceObjectNames(svc),
    ...(env.monitoring.ruleInterval ? { ruleInterval: env.monitoring.ruleInterval } : {}),
    source: source ?? { file: sourceFiles(env) },
  };
}

/** `veleroSchedules`: the Velero Schedules synthesized for the environment. */
export function environmentAlertInput(env: ResolvedEnvironment, veleroSchedules: EnvironmentAlertInput["veleroSchedules"]): EnvironmentAlertInput {
  const interval = env.monitoring.ruleInterval ? { ruleInterval: env.monitoring.ruleInterval } : {};
  return { environment: env.name, team: env.team, runbookBaseUrl: env.monitoring.runbookBaseUrl, veleroSchedules, ...interval };
}

/** Without a locator, errors name the environment file and the files it extends (where a field may come from). */
function sourceFiles(env: ResolvedEnvironment): string {
  const [own, ...ancestors] = env.sources;
  if (!own) return `environments/${env.name}.yaml`;
  return ancestors.length === 0 ? own : `${own} (extends ${ancestors.join(", ")})`;
}

/** The HPA and PDB a service names otherwise, as the workload alerts match them; nothing when it names neither. */
export function serviceObjectNames(svc: ResolvedService): Pick<ServiceAlertInput, "objectNames"> {
  const { hpa, pdb } = svc.names ?? {};
  if (hpa === undefined && pdb === undefined) return {};
  return { objectNames: { ...(hpa !== undefined ? { horizontalpodautoscaler: hpa } : {}), ...(pdb !== undefined ? { poddisruptionbudget: pdb } : {}) } };
}
