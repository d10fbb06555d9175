import * as k8s from "../imports/k8s";
import type { ResolvedBatch, ResolvedEnvironment, HookJobConfig, CronJobConfig } from "../../environments/schema";
import { COMPONENT_BATCH } from "../../environments/format/jobs";
import { podLabels, selectorLabels, serviceLabels } from "../labels";
import { containerEnv } from "../serving/container-env";
import { containerSecurityContext, podSecurityContext, writableVolumes } from "../serving/pod-security";
import { imageReference, resources, secretMounts, secretVolumes } from "../serving/container-parts";

export type BatchJob = ResolvedBatch<HookJobConfig> | ResolvedBatch<CronJobConfig>;

/** A batch pod seen as the service helpers see a service: its own name, the batch component, no GPU. */
const asWorkload = (job: BatchJob) => ({ ...job, component: COMPONENT_BATCH, containerName: job.name, gpu: undefined });

/** Labels on every object of the job; the two selector labels pick its pods out (for its NetworkPolicy). */
export function batchLabels(env: ResolvedEnvironment, job: BatchJob): { labels: Record<string, string>; selector: Record<string, string> } {
  return { labels: serviceLabels(env, asWorkload(job)), selector: selectorLabels(env, job) };
}

/**
 * The Job spec both kinds share: retries, a deadline, and a pod hardened as
 * a service's (restricted security context, read-only root with /tmp and the
 * configured emptyDirs writable, its own ServiceAccount without an API token,
 * variables and Secrets by reference only).
 */
export function batchJobSpec(env: ResolvedEnvironment, job: BatchJob): k8s.JobSpec {
  const workload = asWorkload(job);
  const { volumes, volumeMounts } = writableVolumes(workload);
  return {
    backoffLimit: job.backoffLimit,
    activeDeadlineSeconds: job.activeDeadlineSeconds,
    template: {
      metadata: { labels: podLabels(env, workload) },
      spec: {
        serviceAccountName: job.name,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        restartPolicy: job.restartPolicy,
        ...(job.priorityClassName ? { priorityClassName: job.priorityClassName } : {}),
        securityContext: podSecurityContext(job),
        containers: [
          {
            name: job.name,
            image: imageReference(job),
            imagePullPolicy: job.image.pullPolicy,
            ...(job.command ? { command: job.command } : {}),
            ...(job.args.length ? { args: job.args } : {}),
            ...containerEnv(workload, undefined),
            resources: resources(env, workload),
            securityContext: containerSecurityContext(job),
            volumeMounts: [...volumeMounts, ...secretMounts(job)],
          },
        ],
        volumes: [...volumes, ...secretVolumes(job)],
      },
    },
  };
}
