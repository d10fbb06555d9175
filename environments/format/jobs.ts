/**
 * One-off Jobs run as Argo CD sync hooks (`jobs`: a migration before the
 * release, an index build after it) and scheduled CronJobs (`cronJobs`: a
 * nightly dump, an artifact mirror). Both are batch pods with the container,
 * variables, identity and egress of any service.
 */
import { Type, type TSchema } from "@sinclair/typebox";
import { Choice, Cron, DNS_SUBDOMAIN, Dns, Strict, NamedMap } from "./primitives";
import { ContainerEnv, EnvFrom } from "./container-env";
import { PodSecurity, Volumes } from "./pod-security";
import { DownwardEnv } from "./rollout";
import { NetworkPolicyRules } from "./network";

/** The phases Argo CD runs hooks in (argocd.argoproj.io/hook). */
export const HOOK_PHASES = ["PreSync", "Sync", "PostSync", "SyncFail"] as const;
/** When Argo CD deletes a hook (argocd.argoproj.io/hook-delete-policy). */
export const HOOK_DELETE_POLICIES = ["BeforeHookCreation", "HookSucceeded", "HookFailed"] as const;
export const COMPONENT_BATCH = "batch";

const Seconds = (description: string, dflt?: number) =>
  Type.Integer({ minimum: 1, maximum: 31536000, description, ...(dflt !== undefined ? { default: dflt } : {}) });

/** What a service's container needs and a batch pod shares: the image, resources, Secret references and dependencies of schema.ts. */
export interface ContainerSchemas<I extends TSchema, R extends TSchema, S extends TSchema, E extends TSchema> {
  image: I;
  resources: R;
  secretRef: S;
  dependencies: E;
}

function podFields<I extends TSchema, R extends TSchema, S extends TSchema, E extends TSchema>(c: ContainerSchemas<I, R, S, E>) {
  return {
    namespace: Type.Optional(Dns("namespace (default: the environment's only owned namespace)")),
    team: Type.Optional(Type.String({ minLength: 1, description: "owning team, routed to by its alerts (default: the environment's)" })),
    image: c.image,
    command: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: "the container's command (default: the image's entrypoint)" })),
    args: Type.Array(Type.String(), { default: [] }),
    resources: c.resources,
    secrets: Type.Array(c.secretRef, { default: [], description: "values read from existing Secrets (as variables or files)" }),
    containerEnv: Type.Optional(ContainerEnv),
    envFrom: Type.Optional(EnvFrom),
    downwardEnv: DownwardEnv,
    priorityClassName: Type.Optional(
      Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "PriorityClass of the pods, e.g. one below the serving class so batch work yields to it" }),
    ),
    securityContext: Type.Optional(PodSecurity),
    volumes: Type.Optional(Volumes),
    restartPolicy: Choice(["Never", "OnFailure"] as const, {
      default: "Never",
      description: "Never keeps each failed pod for its logs (a new pod per retry); OnFailure restarts the container in place",
    }),
    backoffLimit: Type.Integer({ minimum: 0, maximum: 100, default: 2, description: "retries before the Job counts as failed" }),
    activeDeadlineSeconds: Seconds("longest a run may take, retries included, before it is stopped and failed", 3600),
    dependencies: c.dependencies,
    networkPolicy: Type.Optional(
      Strict(
        { egress: NetworkPolicyRules.properties.egress },
        { description: "more destinations the pods may reach (NetworkPolicy egress peers, as a service's networkPolicy.egress writes them)" },
      ),
    ),
  };
}

/** `jobs` and `cronJobs` of an environment, built on the container schemas of schema.ts. */
export function batchSchemas<I extends TSchema, R extends TSchema, S extends TSchema, E extends TSchema>(c: ContainerSchemas<I, R, S, E>) {
  const HookJob = Strict({
    ...podFields(c),
    hook: Choice(HOOK_PHASES, { description: "the Argo CD sync phase the Job runs in: PreSync (before the workloads change, e.g. a migration), Sync, PostSync (after they are healthy) or SyncFail" }),
    deletePolicy: Type.Array(Choice(HOOK_DELETE_POLICIES), {
      minItems: 1,
      uniqueItems: true,
      default: ["BeforeHookCreation"],
      description: "when Argo CD deletes the Job: BeforeHookCreation (at the next sync, so a failed run stays to be read), HookSucceeded, HookFailed",
    }),
    ttlSecondsAfterFinished: Type.Integer({ minimum: 0, maximum: 31536000, default: 86400, description: "Kubernetes deletes the finished Job after this many seconds" }),
  });
  const CronJob = Strict({
    ...podFields(c),
    schedule: Cron("when it runs: five-field cron as Kubernetes reads it (robfig/cron), e.g. 0 3 * * *"),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone of the schedule, e.g. Europe/Berlin (default: the controller's, usually UTC)" })),
    concurrencyPolicy: Choice(["Forbid", "Allow", "Replace"] as const, { default: "Forbid", description: "a run still going when the next is due: Forbid skips the new one, Replace stops the old one" }),
    startingDeadlineSeconds: Seconds("a run that could not start within this many seconds of its time is skipped (and counted missed)", 600),
    successfulJobsHistoryLimit: Type.Integer({ minimum: 0, maximum: 100, default: 3, description: "finished Jobs kept (CronJob Jobs are cleaned up by these limits, not a TTL)" }),
    failedJobsHistoryLimit: Type.Integer({ minimum: 1, maximum: 100, default: 3, description: "failed Jobs kept for their logs" }),
  });
  return {
    jobs: NamedMap(HookJob, "one-off Jobs Argo CD runs as sync hooks (migrations, index builds)", 45, {}),
    cronJobs: NamedMap(CronJob, "scheduled Jobs (database dumps, artifact mirrors)", 45, {}),
  };
}
