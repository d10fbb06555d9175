import { Construct } from "constructs";
import { NAMESPACE_OBJECT_NAMES, type ResolvedEnvironment, type ResolvedService } from "../../environments/schema";
import { environmentRuleGroups, namespaceRuleGroups } from "../monitoring/alert-rules";
import { environmentAlertInput } from "../monitoring/environment-alerts";
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
      services: services.map((s) => ({ service: s.name, team: s.team, gpu: s.gpu !== undefined })),
    });
    if (groups.length === 0) return;
    new AlertRules(this, "workload", { name: NAMESPACE_OBJECT_NAMES.workloadAlerts, namespace, labels: env.monitoring.ruleLabels }, groups);
  }
}

/** Velero alerts of the environment (a backup failed, none succeeded for 25 h), beside its Schedules. */
export class BackupAlerts extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, schedules: string[]) {
    super(scope, id);
    const groups = environmentRuleGroups(environmentAlertInput(env, schedules));
    if (groups.length === 0) return;
    new AlertRules(this, "backups", { name: `${env.platform}-${env.name}-backups`, namespace: env.backup.namespace, labels: env.monitoring.ruleLabels }, groups);
  }
}
