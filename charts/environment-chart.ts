import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../environments/schema";
import { environmentLabels } from "./labels";
import { NamespaceBaseline, SharedNamespaceBaseline } from "./namespace-baseline";
import { PriorityClasses } from "./priority-classes";
import { ServingService } from "./serving/serving-service";
import { indexServices, serviceContext } from "./serving/context";
import { applySyncWaves, SYNC_WAVE_ANNOTATION } from "./sync-waves";
import { BackupSchedules } from "./operations/backup-schedules";
import { ServiceOperations } from "./operations/service-operations";
import { AlertGroups, BackupAlerts, NamespaceAlerts } from "./operations/namespace-alerts";
import { AlertRules, type TestedRules } from "./operations/alert-rules";
import { ServingAnalysisTemplate } from "./serving/analysis-template";
import { addExtraManifests } from "./customization/extra-manifests";
import { applyCustomMetadata } from "./customization/custom-metadata";
import { applyHeadlessServices } from "./serving/service";
import { applyPatches, type PatchedObject } from "./customization/patches";
import { AlertRouting } from "./operations/alert-routing";
import { Dashboards } from "./operations/dashboards";
import { HookJob } from "./batch/hook-job";
import { ScheduledJob } from "./batch/cron-job";

export interface EnvironmentChartOptions {
  /** Monitoring, chaos experiments and backups besides the serving objects (default true). */
  operations?: boolean;
}

/** All manifests of one environment: namespace baselines, serving services, their operations. */
export class EnvironmentChart extends Chart {
  /** Every API object of the chart, in construct order. */
  readonly objects: ApiObject[] = [];
  /** Every object of the chart with promtool tests (PrometheusRules, AnalysisTemplates) and its tests. */
  readonly alertRules: TestedRules[] = [];
  /** Generated objects the environment's patches changed, and how. */
  readonly patched: PatchedObject[];

  constructor(scope: Construct, env: ResolvedEnvironment, options: EnvironmentChartOptions = {}) {
    // Names are the user's own: no cdk8s hash suffixes.
    super(scope, env.name, { disableResourceNameHashes: true, labels: environmentLabels(env) });
    const operations = options.operations ?? true;
    for (const [namespace, settings] of Object.entries(env.namespaces)) {
      if (settings.owned) new NamespaceBaseline(this, `namespace-${namespace}`, { env, namespace, settings });
      else new SharedNamespaceBaseline(this, `namespace-${namespace}`, { env, namespace });
    }
    new PriorityClasses(this, "priority-classes", env);
    const index = indexServices(env);
    for (const svc of env.services) {
      const ctx = serviceContext(env, svc, index);
      new ServingService(this, `service-${svc.name}`, ctx);
      if (operations) new ServiceOperations(this, `operations-${svc.name}`, ctx);
    }
    for (const job of env.jobs) new HookJob(this, `job-${job.name}`, env, job);
    for (const cron of env.cronJobs) new ScheduledJob(this, `cron-job-${cron.name}`, env, cron);
    if (operations) {
      const monitored = env.monitoring.enabled;
      for (const namespace of monitored ? Object.keys(env.namespaces) : []) {
        new NamespaceAlerts(this, `alerts-${namespace}`, env, namespace, env.services.filter((s) => s.namespace === namespace));
      }
      const backups = new BackupSchedules(this, "backups", env);
      if (monitored) new BackupAlerts(this, "backup-alerts", env, backups.schedules);
      if (monitored && env.monitoring.alertGroups.length > 0) new AlertGroups(this, "alert-groups", env);
      if (monitored) new AlertRouting(this, "alert-routing", env);
      if (monitored && env.monitoring.dashboards.enabled) new Dashboards(this, "dashboards", env);
    }
    // One walk of the construct tree (tens of thousands of nodes) serves every later pass.
    for (const node of this.node.findAll()) {
      if (node instanceof ApiObject) this.objects.push(node);
      else if (node instanceof AlertRules || node instanceof ServingAnalysisTemplate) this.alertRules.push(node);
    }
    const extra = addExtraManifests(this, env, this.objects);
    applySyncWaves(this.objects);
    // An extra manifest may choose its own wave.
    applySyncWaves(env.extraManifests.flatMap((m, i) => (m.object.metadata.annotations as Record<string, string> | undefined)?.[SYNC_WAVE_ANNOTATION] === undefined ? [extra[i]!] : []));
    applyCustomMetadata(env, [...this.objects, ...extra]);
    applyHeadlessServices(env, this.objects);
    // Last, so a patch sees (and may change) everything the charts set.
    this.patched = applyPatches(env, this.objects);
    this.objects.push(...extra);
  }
}
