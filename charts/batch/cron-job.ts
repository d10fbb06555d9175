import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { CronJobConfig, ResolvedBatch, ResolvedEnvironment } from "../../environments/schema";
import { BatchAccess } from "./batch-access";
import { batchJobSpec, batchLabels } from "./batch-pod";

/**
 * A scheduled Job. Its Jobs are cleaned up by the history limits, not a TTL
 * (which would delete the failed run nobody has read yet); a run never
 * overlaps the previous one unless the environment says so.
 */
export class ScheduledJob extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, cron: ResolvedBatch<CronJobConfig>) {
    super(scope, id);
    new BatchAccess(this, "access", env, cron);
    const { labels } = batchLabels(env, cron);
    new k8s.KubeCronJob(this, "cron-job", {
      metadata: { name: cron.name, namespace: cron.namespace, labels },
      spec: {
        schedule: cron.schedule,
        ...(cron.timeZone !== undefined ? { timeZone: cron.timeZone } : {}),
        concurrencyPolicy: cron.concurrencyPolicy,
        startingDeadlineSeconds: cron.startingDeadlineSeconds,
        successfulJobsHistoryLimit: cron.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: cron.failedJobsHistoryLimit,
        jobTemplate: { metadata: { labels }, spec: batchJobSpec(env, cron) },
      },
    });
  }
}
