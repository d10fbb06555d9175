/**
 * Hook Jobs and CronJobs: each gets its namespace and team as a service does,
 * a name no service or other job has (they share the ServiceAccount and
 * NetworkPolicy names), a schedule Kubernetes accepts in a time zone it knows.
 */
import { NAMESPACE_OBJECT_NAMES, type CronJobConfig, type EnvironmentConfig, type HookJobConfig, type ResolvedBatch } from "./schema";
import { collectUserError, type UserError } from "./source/errors";
import type { FieldPath } from "./source/yaml-source";
import type { At, Fail, Report } from "./format/checking";
import { cronProblem } from "./cron";
import { checkBatchContainer } from "./_container-checks";
import { checkNetworkPolicyRules } from "./format/network";

/** The checks a service's image and Secret references get, applied to a job's (they live beside the service checks). */
export type PodChecks = (job: HookJobConfig | CronJobConfig, at: At) => void;

export interface ResolvedBatchJobs {
  jobs: Array<ResolvedBatch<HookJobConfig>>;
  cronJobs: Array<ResolvedBatch<CronJobConfig>>;
}

/**
 * Every mistake is reported (added to `scope.errors`); a job whose namespace
 * cannot be known stops there (`fail`) and is left out, the others go on.
 */
export function resolveBatchJobs(
  config: EnvironmentConfig,
  scope: { serviceNames: ReadonlySet<string>; errors: UserError[] },
  fail: Fail,
  report: Report,
  podChecks: PodChecks,
): ResolvedBatchJobs {
  const owner = new Map<string, string>([
    ...Object.entries(NAMESPACE_OBJECT_NAMES).map(([what, object]): [string, string] => [object, `an object every namespace has (${what})`]),
    ...[...scope.serviceNames].map((name): [string, string] => [name, "a service"]),
  ]);
  const namespaces = Object.keys(config.namespaces);
  const owned = namespaces.filter((ns) => config.namespaces[ns]!.owned);
  const resolve = <T extends HookJobConfig | CronJobConfig>(field: "jobs" | "cronJobs", name: string, job: T): ResolvedBatch<T> => {
    const at = (...rest: FieldPath) => [field, name, ...rest];
    const taken = owner.get(name);
    if (taken) report(at(), `"${name}" is already the name of ${taken}: a job's ServiceAccount and NetworkPolicy would replace its own`);
    owner.set(name, field === "jobs" ? "a hook Job" : "a CronJob");
    podChecks(job, at);
    checkBatchContainer(job, at, report);
    for (const [i, dep] of job.dependencies.services.entries()) {
      if (!scope.serviceNames.has(dep)) report(at("dependencies", "services", i), `service "${dep}" does not exist in this environment`);
    }
    checkNetworkPolicyRules(job.networkPolicy, scope.serviceNames, at, report);
    const namespace = job.namespace ?? (owned.length === 1 ? owned[0]! : fail(at(), `set "namespace": the environment has several (${namespaces.join(", ")})`));
    if (!config.namespaces[namespace]) fail(at("namespace"), `namespace "${namespace}" is not declared under namespaces (${namespaces.join(", ")})`);
    return { ...job, name, namespace, team: job.team ?? config.team };
  };
  const jobs: ResolvedBatchJobs["jobs"] = [];
  const cronJobs: ResolvedBatchJobs["cronJobs"] = [];
  for (const [name, job] of Object.entries(config.jobs)) collectUserError(scope.errors, () => jobs.push(resolve("jobs", name, job)));
  for (const [name, cron] of Object.entries(config.cronJobs)) {
    const at = (...rest: FieldPath) => ["cronJobs", name, ...rest];
    const problem = cronProblem(cron.schedule);
    if (problem) report(at("schedule"), `${JSON.stringify(cron.schedule)} ${problem}`);
    const zoneProblem = cron.timeZone === undefined ? undefined : timeZoneProblem(cron.timeZone);
    if (zoneProblem) report(at("timeZone"), zoneProblem);
    collectUserError(scope.errors, () => cronJobs.push(resolve("cronJobs", name, cron)));
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { jobs: jobs.sort(byName), cronJobs: cronJobs.sort(byName) };
}

/** An IANA zone name, spelled as the tz database does (Kubernetes loads it by file name, case and all). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Why `zone` is not a time zone a CronJob takes, or undefined when it is. */
export function timeZoneProblem(zone: string): string | undefined {
  const explain = `"${zone}" is not an IANA time zone name (e.g. Europe/Berlin, America/New_York, Etc/UTC)`;
  if (!ZONE_NAME.test(zone) || zone.toLowerCase() === "local") return explain;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return explain;
  }
  if (canonical.toLowerCase() === zone.toLowerCase() && canonical !== zone) return `${explain}: write it "${canonical}"`;
  return undefined;
}
