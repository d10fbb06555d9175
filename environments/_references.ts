import { LONGEST_ENVIRONMENT_SUFFIX, MAX_LABEL_VALUE, NAMESPACE_OBJECT_NAMES, type EnvironmentConfig, type ResolvedEnvironment, type ResolvedService, type ServiceConfig } from "./schema";
import { UserError, collectUserError } from "./source/errors";
import type { FieldPath } from "./source/yaml-source";
import { parseQuantity } from "./source/quantity";
import { durationSeconds } from "./duration";
import { cronEvery, cronProblem, longestIntervalSeconds } from "./cron";
import type { SourceChain } from "./load-environment";
import { checkContainer } from "./_container-checks";
import type { At, Fail, Report } from "./format/checking";
import { checkScalingFields } from "./format/autoscaling";
import { checkAvailability } from "./format/availability";
import { checkNetworkPolicyRules } from "./format/network";
import { checkIngresses } from "./format/ingress";
import { checkNamespace } from "./format/namespace";
import { checkRbac } from "./format/rbac";
import { resolveBatchJobs, type ResolvedBatchJobs } from "./_batch";
import { checkBackupName, checkObjectNames } from "./format/object-names";
import { checkModel } from "./format/model";

/** Production backups are kept at least 30 days, as platform guides require. */
export const MIN_PRODUCTION_BACKUP_TTL_SECONDS = 720 * 3600;

/** What the reference checks are given besides the environment. */
export interface ReferenceScope {
  /** Whether a field passed the schema (see ShapeCheck): a check runs only when the fields it reads did. */
  passed(path: FieldPath): boolean;
  /** Every service of the environment, the ones that failed the schema too (`config.services` holds only those that passed). */
  serviceNames: ReadonlySet<string>;
  /** Where every mistake found is added. */
  errors: UserError[];
}

/**
 * Checks what a schema cannot: names that must refer to something, numbers
 * that must agree with each other. Returns the environment with every service
 * resolved (namespace, team, a default scaling target). Every check runs even
 * after another failed, and each mistake is added to `scope.errors`, so one
 * run reports them all; a check runs only when the fields it reads passed the
 * schema, so none judges a value the schema already refused.
 */
export function checkEnvironmentReferences(name: string, config: EnvironmentConfig, chain: SourceChain, scope: ReferenceScope): Omit<ResolvedEnvironment, "extraManifests" | "locate"> {
  const located = (path: FieldPath, message: string) => new UserError(message, { ...chain.locate(path), path: path.join(".") });
  const fail: Fail = (path, message) => {
    throw located(path, message);
  };
  const report: Report = (path, message) => {
    scope.errors.push(located(path, message));
  };
  /** Whether these top-level fields passed the schema, so the checks reading them may run. */
  const sound = (...fields: string[]) => fields.every((field) => scope.passed([field]));
  const namespaces = sound("namespaces") ? Object.keys(config.namespaces) : [];
  if (sound("namespaces") && namespaces.length === 0) report(["namespaces"], "an environment needs at least one namespace");
  if (sound("platform")) checkDerivedNames(name, config, report);
  const services: ResolvedService[] = [];
  const reserved = new Map(Object.entries(NAMESPACE_OBJECT_NAMES).map(([what, object]) => [object as string, what]));
  // Each check reports every mistake it finds; one that stops (`fail`) ends only its service's checks.
  for (const [svcName, svc] of Object.entries(config.services)) collectUserError(scope.errors, () => {
    const at = (...rest: FieldPath) => ["services", svcName, ...rest];
    if (reserved.has(svcName)) {
      report(at(), `"${svcName}" cannot name a service: every namespace has an object of that name (${reserved.get(svcName)}), which the service's would replace`);
    }
    checkImage(svc, at, report);
    if (sound("gpuPools") && svc.gpu && !config.gpuPools[svc.gpu.pool]) {
      report(at("gpu", "pool"), `GPU pool "${svc.gpu.pool}" is not defined under gpuPools (${Object.keys(config.gpuPools).join(", ") || "none defined"})`);
    }
    checkScaling(svc, at, report);
    checkEnvNames(svc, at, report);
    for (const [i, sidecar] of (svc.sidecars ?? []).entries()) {
      const atSidecar = (...rest: FieldPath) => at("sidecars", i, ...rest);
      checkImage(sidecar, atSidecar, report);
      checkEnvNames({ env: {}, secrets: sidecar.secrets }, atSidecar, report);
      // Files would need volumes of their own beside the server's: a sidecar reads its Secrets as variables.
      for (const [j, ref] of sidecar.secrets.entries()) {
        if (ref.file !== undefined && ref.env === undefined) report(atSidecar("secrets", j, "file"), "a sidecar reads Secrets as environment variables only: set env instead");
      }
    }
    checkContainer(svc, at, report);
    // A model's checks stop at its first mistake: each reads what the one before it established.
    if (svc.model) collectUserError(scope.errors, () => checkModel(svc.model!, svc.component, at, fail));
    for (const [i, dep] of svc.dependencies.services.entries()) {
      if (dep === svcName) report(at("dependencies", "services", i), "a service cannot depend on itself");
      else if (!scope.serviceNames.has(dep)) report(at("dependencies", "services", i), `service "${dep}" does not exist in this environment`);
    }
    if (sound("monitoring") && !config.monitoring.enabled && svc.alerts.length > 0) {
      report(at("alerts"), "custom alerts need monitoring: monitoring.enabled is false in this environment");
    }
    for (const fault of ["networkDelay", "networkLoss"] as const) {
      const towardsDependencies = svc.chaos[fault] && !(fault === "networkDelay" && svc.chaos.networkDelay?.traffic === "all");
      if (towardsDependencies && svc.dependencies.services.length + svc.dependencies.external.length === 0) {
        report(at("chaos", fault), "network faults target the service's dependencies, and it declares none (a networkDelay may set traffic: all)");
      }
    }
    checkNetworkPolicyRules(svc.networkPolicy, scope.serviceNames, at, report);
    if (sound("tier")) checkRbac(svc.rbac, config.tier, at, report);
    // Resolved only with its namespace: the checks across services (Ingresses, quotas) and the charts' take it from here.
    if (!sound("namespaces", "team")) return;
    // The default is the one namespace the environment owns (shared ones are named explicitly).
    const owned = namespaces.filter((ns) => config.namespaces[ns]!.owned);
    const namespace = svc.namespace ?? (owned.length === 1 ? owned[0]! : fail(at(), `set "namespace": the environment has several (${namespaces.join(", ")})`));
    if (!config.namespaces[namespace]) fail(at("namespace"), `namespace "${namespace}" is not declared under namespaces (${namespaces.join(", ")})`);
    const resolved: ResolvedService = { ...svc, name: svcName, namespace, team: svc.team ?? config.team, autoscaling: withDefaultTarget(svc.autoscaling) };
    checkScalingFields(resolved, at, report);
    services.push(resolved);
  });
  collectUserError(scope.errors, () => checkIngresses({ services, at: (svc, ...rest) => ["services", svc, ...rest] }, fail));
  if (sound("namespaces")) collectUserError(scope.errors, () => checkObjectNames(config.namespaces, services, fail));
  if (sound("backup", "platform")) collectUserError(scope.errors, () => checkBackupName(config.backup, `${config.platform}-${name}${LONGEST_ENVIRONMENT_SUFFIX}`, fail));
  if (sound("backup")) checkCronSchedules(config, report);
  for (const ns of namespaces) checkNamespace(config.namespaces[ns]!, (...rest) => ["namespaces", ns, ...rest], report);
  let batch: ResolvedBatchJobs = { jobs: [], cronJobs: [] };
  if (sound("namespaces", "team", "jobs", "cronJobs")) {
    batch = resolveBatchJobs(config, { serviceNames: scope.serviceNames, errors: scope.errors }, fail, report, (job, at) => {
      checkImage(job, at, report);
      checkEnvNames({ env: {}, secrets: job.secrets }, at, report);
    });
  }
  // Quotas are summed over the services that resolved; a broken one is reported above.
  if (sound("namespaces")) checkQuotas(config, services, report);
  if (sound("backup", "tier")) checkBackup(config, report);
  if (sound("chaos", "tier") && config.chaos.enabled && config.tier === "production" && !config.chaos.allowInProduction) {
    report(["chaos", "enabled"], 'chaos experiments in a production environment need "allowInProduction: true"');
  }
  return { ...config, name, sources: chain.docs.map((d) => d.file), services, ...batch };
}

/**
 * Names built from the environment's (`<platform>-<environment>-frequent`, a
 * Velero Schedule whose name Velero copies into a label) must fit a label.
 */
function checkDerivedNames(name: string, config: EnvironmentConfig, report: Report) {
  // A name too long by itself is reported by the loader, at the file.
  if (name.length > MAX_LABEL_VALUE) return;
  const longest = `${config.platform}-${name}${LONGEST_ENVIRONMENT_SUFFIX}`;
  if (longest.length > MAX_LABEL_VALUE) {
    report(["platform"], `platform "${config.platform}" and environment "${name}" make names too long: "${longest}" has ${longest.length} characters, more than the ${MAX_LABEL_VALUE} of a label value (shorten either)`);
  }
}

/**
 * An image needs a tag or a digest. A moving tag (`latest`) is a policy
 * question, not malformed input: validate's image-tag policy reports it (an
 * error in production) and a waiver can accept it where a team must.
 */
function checkImage(svc: Pick<ServiceConfig, "image">, at: At, report: Report) {
  if (!svc.image.tag && !svc.image.digest) report(at("image"), "pin the image with a tag or a digest");
}

function checkScaling(svc: ServiceConfig, at: At, report: Report) {
  if (svc.autoscaling && svc.autoscaling.minReplicas > svc.autoscaling.maxReplicas) {
    report(at("autoscaling", "minReplicas"), `must be <= maxReplicas (${svc.autoscaling.maxReplicas})`);
  }
  checkAvailability(svc.availability, minimumReplicas(svc), at, report);
}

function checkEnvNames(svc: Pick<ServiceConfig, "env" | "secrets">, at: At, report: Report) {
  const seen = new Set(Object.keys(svc.env));
  const files = new Set<string>();
  for (const [i, ref] of svc.secrets.entries()) {
    if ((ref.env === undefined) === (ref.file === undefined)) {
      report(at("secrets", i), "set either env (an environment variable) or file (a mounted file), not both or neither");
      continue;
    }
    if (ref.file !== undefined) {
      if (files.has(ref.file)) report(at("secrets", i, "file"), `file "${ref.file}" is mounted twice`);
      files.add(ref.file);
      continue;
    }
    if (seen.has(ref.env!)) report(at("secrets", i, "env"), `environment variable "${ref.env}" is set twice`);
    seen.add(ref.env!);
  }
}

/** Without any target an HPA would never scale: CPU at 70% is the conventional default. */
function withDefaultTarget(autoscaling: ServiceConfig["autoscaling"]): ServiceConfig["autoscaling"] {
  if (!autoscaling) return undefined;
  const { cpuUtilization, memoryUtilization, gpuUtilization, podMetrics } = autoscaling;
  const hasTarget = cpuUtilization ?? memoryUtilization ?? gpuUtilization ?? podMetrics[0];
  return hasTarget === undefined ? { ...autoscaling, cpuUtilization: 70 } : autoscaling;
}

/** The minimum replicas of every service must fit in its namespace's quota (requests and, where given, limits). */
function checkQuotas(config: EnvironmentConfig, services: ResolvedService[], report: Report) {
  for (const [ns, settings] of Object.entries(config.namespaces)) {
    const quota = settings.quota;
    if (!quota) continue;
    const inNs = services.filter((s) => s.namespace === ns);
    const total = { cpu: 0, memory: 0, gpu: 0, cpuLimit: 0, memoryLimit: 0 };
    for (const s of inNs) {
      const replicas = minimumReplicas(s);
      total.gpu += replicas * (s.gpu?.count ?? 0);
      // Every container of the pod counts: the server's and its sidecars'.
      for (const resources of [s.resources, ...(s.sidecars ?? []).map((sidecar) => sidecar.resources)]) {
        total.cpu += replicas * parseQuantity(resources.cpu);
        total.memory += replicas * parseQuantity(resources.memory);
        // No limit (`none`): the LimitRange default applies, at least the request.
        total.cpuLimit += replicas * parseQuantity(limitOrRequest(resources.cpuLimit, resources.cpu));
        total.memoryLimit += replicas * parseQuantity(limitOrRequest(resources.memoryLimit, resources.memory));
      }
    }
    const at = (...rest: FieldPath) => ["namespaces", ns, "quota", ...rest];
    const holds = (path: FieldPath, limit: string | number | undefined, needed: number, noun: string, amount: string) => {
      if (limit !== undefined && needed > parseQuantity(limit)) report(at(...path), `${limit} ${noun} cannot hold the minimum replicas of its services (${amount})`);
    };
    holds(["gpu"], quota.gpu ?? 0, total.gpu, "GPUs", `${total.gpu} GPUs`);
    holds(["limits", "gpu"], quota.limits?.gpu, total.gpu, "GPUs", `${total.gpu} GPUs`);
    holds(["cpu"], quota.cpu, total.cpu, "CPU", `${round(total.cpu)} CPU`);
    holds(["limits", "cpu"], quota.limits?.cpu, total.cpuLimit, "CPU", `${round(total.cpuLimit)} CPU`);
    holds(["memory"], quota.memory, total.memory, "memory", `${round(total.memory / 2 ** 30)}Gi`);
    holds(["limits", "memory"], quota.limits?.memory, total.memoryLimit, "memory", `${round(total.memoryLimit / 2 ** 30)}Gi`);
  }
}

const limitOrRequest = (limit: string | undefined, request: string) => (limit === undefined || limit === "none" ? request : limit);

/** Every schedule fires: the backup's and each chaos experiment's. */
function checkCronSchedules(config: EnvironmentConfig, report: Report) {
  const schedules: Array<[FieldPath, string]> = [[["backup", "schedule"], config.backup.schedule]];
  for (const [name, svc] of Object.entries(config.services)) {
    for (const [fault, experiment] of Object.entries(svc.chaos)) {
      if (experiment) schedules.push([["services", name, "chaos", fault, "schedule"], experiment.schedule]);
    }
  }
  for (const [path, expr] of schedules) {
    const problem = cronProblem(expr);
    if (problem) report(path, `${JSON.stringify(expr)} ${problem}`);
  }
}

function checkBackup(config: EnvironmentConfig, report: Report) {
  const backup = config.backup;
  if (!backup.enabled) {
    if (config.tier === "production") report(["backup", "enabled"], "production environments must keep backups");
    return;
  }
  // A schedule that does not parse is reported by checkCronSchedules.
  if (cronProblem(backup.schedule)) return;
  const ttl = durationSeconds(backup.ttl);
  const interval = longestIntervalSeconds(backup.schedule);
  if (ttl <= interval) report(["backup", "ttl"], `${backup.ttl} is shorter than the schedule's interval (${interval / 3600}h): a backup would expire before the next one`);
  if (config.tier === "production" && ttl < MIN_PRODUCTION_BACKUP_TTL_SECONDS) {
    report(["backup", "ttl"], `production backups must be kept at least 720h (got ${backup.ttl})`);
  }
  if (backup.rpo !== undefined) {
    const rpo = durationSeconds(backup.rpo);
    if (rpo < 86400 && cronEvery(rpo) === undefined) {
      report(["backup", "rpo"], "must be a whole number of minutes dividing an hour (at least 15m) or of hours dividing a day");
    }
  }
}

/** The replicas a service runs with at least: its HPA's minimum, else its fixed count. */
function minimumReplicas(svc: Pick<ServiceConfig, "autoscaling" | "keda" | "replicas">): number {
  return svc.keda?.minReplicaCount ?? svc.autoscaling?.minReplicas ?? svc.replicas;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
