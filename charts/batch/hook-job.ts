import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { HookJobConfig, ResolvedBatch, ResolvedEnvironment } from "../../environments/schema";
import { BatchAccess } from "./batch-access";
import { batchJobSpec, batchLabels } from "./batch-pod";
import { hookAnnotations } from "./hook-annotations";

/**
 * A one-off Job Argo CD runs in a sync phase (a migration PreSync, before any
 * workload changes). Its ServiceAccount and NetworkPolicy are hooks of the
 * same phase, so they exist when it starts (lower sync waves first) and are
 * replaced, never left behind, at the next sync.
 */
export class HookJob extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, job: ResolvedBatch<HookJobConfig>) {
    super(scope, id);
    new BatchAccess(this, "access", env, job, hookAnnotations(job.hook, ["BeforeHookCreation"]));
    new k8s.KubeJob(this, "job", {
      metadata: { name: job.name, namespace: job.namespace, labels: batchLabels(env, job).labels, annotations: hookAnnotations(job.hook, job.deletePolicy) },
      spec: { ...batchJobSpec(env, job), ttlSecondsAfterFinished: job.ttlSecondsAfterFinished },
    });
  }
}
