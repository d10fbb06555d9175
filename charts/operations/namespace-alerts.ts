import { Construct } from "constructs";
import { NAMESPACE_OBJECT_NAMES, type ResolvedEnvironment, type ResolvedService } from "../../environments/schema";
import { environmentRuleGroups, namespaceRuleGroups } from "../monitoring/alert-rules";
import { environmentAlertInput, serviceObjectNames } from "../monitoring/environment-alerts";
import type { BackupSchedule } from "../monitoring/backup-alerts";
import { AlertRules } from "./alert-rules";

/**
 * Workload and GPU alerts (restarts, OOM kills, throttling, memory, HPA and
 * PDB at their limits, GPU saturation, idle GPUs, GPU memory, XID errors) for
 * every service of a namespace, one rule per alert and team with the service
 * in a label: the same alerts as per service, at a third of the rule text.
 */
export class NamespaceAlerts extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, namespace: string, services: ResolvedService[]) {
    super(scope, id);
    const groups = namespaceRuleGroups({
      environment: env.name,
      namespace,
      runbookBaseUrl: env.monitoring.runbookBaseUrl,
      ...(env.monitoring.ruleInterval ? { ruleInterval: env.monitoring.ruleInterval } : {}),
      services: services.map((s) => ({ service: s.name, team: s.team, gpu: s.gpu !== undefined, ...(s.stateful ? { stateful: true } : {}), ...serviceObjectNames(s) })),
    });
    if (groups.length === 0) return;
    // In a namespace other teams share, the name says whose rules these are.
    const name = env.namespaces[namespace]?.owned === false ? `${env.platform}-${env.name}-${NAMESPACE_OBJECT_NAMES.workloadAlerts}` : NAMESPACE_OBJECT_NAMES.workloadAlerts;
    new AlertRules(this, "workload", { name, namespace, labels: env.monitoring.ruleLabels }, groups);
  }
}

/** Velero alerts of the environment (a backup failed, none succeeded within its schedule's interval), beside its Schedules. */
export class BackupAlerts extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, schedules: BackupSchedule[]) {
    super(scope, id);
    const groups = environmentRuleGroups(environmentAlertInput(env, schedules));
    if (groups.length === 0) return;
    new AlertRules(this, "backups", { name: `${env.platform}-${env.name}-backups`, namespace: env.backup.namespace, labels: env.monitoring.ruleLabels }, groups);
  }
}
