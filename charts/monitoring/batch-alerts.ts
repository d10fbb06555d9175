/**
 * Alerts on a namespace's hook Jobs and CronJobs, from kube-state-metrics: a
 * Job failed, and a CronJob has not succeeded within its schedule's interval
 * plus a margin (the deadlines Velero backups get, see backup-alerts.ts), or
 * since it was created when it never has.
 */
import { seriesMinutes, type AlertDefinition } from "./alert-definition";
import { backupDeadlines } from "./backup-alerts";
import { minutesText, regexLiteral, selector, seriesText, steady, type Matcher } from "./promql-text";

export interface BatchWorkloads {
  namespace: string;
  /** Hook Jobs, by name. */
  jobs: readonly string[];
  /** CronJobs with the longest time between two of their runs. */
  cronJobs: ReadonlyArray<{ name: string; everySeconds: number }>;
}

/** A CronJob names each Job `<cronjob>-<scheduled minute>`; a hook Job keeps its own name. */
function jobNamePattern(b: BatchWorkloads): string {
  return [...b.jobs.map(regexLiteral), ...b.cronJobs.map((c) => `${regexLiteral(c.name)}-[0-9]+`)].join("|");
}

/** An example Job name of the first job, as kube-state-metrics reports it. */
function exampleJob(b: BatchWorkloads): string {
  return b.jobs[0] ?? `${b.cronJobs[0]!.name}-29412345`;
}

export function jobFailedAlert(b: BatchWorkloads): AlertDefinition {
  const failed = selector("kube_job_status_failed", [["namespace", "=", b.namespace], ["job_name", "=~", jobNamePattern(b)]]);
  const forMinutes = 5;
  const evalMinutes = forMinutes + 5;
  const labels = { namespace: b.namespace, job_name: exampleJob(b) };
  // kube-state-metrics labels failures with their reason (BackoffLimitExceeded, DeadlineExceeded).
  const series = (failedPods: number) => [{ series: seriesText("kube_job_status_failed", { ...labels, reason: "BackoffLimitExceeded" }), values: steady(failedPods, seriesMinutes(evalMinutes)) }];
  return {
    alert: "JobFailed",
    expr: `sum by (namespace, job_name) (${failed}) > 0`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "Job {{ $labels.job_name }} in {{ $labels.namespace }} failed",
    description: "Job {{ $labels.job_name }} in {{ $labels.namespace }} failed ({{ $value }} failed pods): read its pods' logs, then delete it or let the next sync or successful run replace it.",
    scenarios: () => ({
      firing: [{ series: series(2), evalMinutes, alerts: [{ labels, value: 2 }] }],
      quiet: [{ series: series(0), evalMinutes }],
    }),
  };
}

/**
 * One rule for all deadlines (promtool rejects two rules of one name and
 * labels). A CronJob that never succeeded counts from its creation.
 */
export function cronJobTooOldAlert(b: BatchWorkloads): AlertDefinition {
  const deadlines = backupDeadlines(b.cronJobs.map((c) => ({ name: c.name, everySeconds: c.everySeconds })));
  const forMinutes = Math.min(...deadlines.map((d) => d.forMinutes));
  const scope = (names: readonly string[]): Matcher[] => [["namespace", "=", b.namespace], ["cronjob", "=~", names.map(regexLiteral).join("|")]];
  const branch = (names: readonly string[], maxAgeMinutes: number) =>
    `time()\n  - max by (namespace, cronjob) (\n    ${selector("kube_cronjob_status_last_successful_time", scope(names))}\n    or\n    ${selector("kube_cronjob_created", scope(names))}\n  )\n  > ${maxAgeMinutes * 60}`;
  const within = deadlines.map((d) => `${d.schedules.join(", ")}: ${minutesText(d.maxAgeMinutes)}`).join("; ");
  return {
    alert: "CronJobTooOld",
    expr: deadlines.map((d) => branch(d.schedules, d.maxAgeMinutes)).join("\nor\n"),
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "CronJob {{ $labels.cronjob }} in {{ $labels.namespace }} has not succeeded within its schedule",
    description: `CronJob {{ $labels.cronjob }} in {{ $labels.namespace }} last succeeded (or was created) {{ $value | humanizeDuration }} ago; each must succeed within its interval plus a margin (${within}). Check its last Jobs, missed schedules and startingDeadlineSeconds.`,
    scenarios: () => {
      const scenario = (d: (typeof deadlines)[number]) => {
        const evalMinutes = forMinutes + 5;
        const cronjob = d.schedules[0]!;
        const labels = { namespace: b.namespace, cronjob };
        const maxAge = d.maxAgeMinutes * 60;
        // Test time starts at the epoch: timestamps before it put a run a deadline (and a minute) in the past
        // from the start, so no scenario has to wait out a day; the quiet one stays five minutes inside it.
        const stale = -(maxAge + 60);
        const fresh = -(maxAge - evalMinutes * 60 - 300);
        const at = (metric: string, timestamp: number) => ({ series: seriesText(metric, labels), values: steady(timestamp, seriesMinutes(evalMinutes)) });
        const created = at("kube_cronjob_created", stale);
        const age = evalMinutes * 60 - stale;
        return {
          stale: { series: [created, at("kube_cronjob_status_last_successful_time", stale)], evalMinutes, alerts: [{ labels, value: age }] },
          neverSucceeded: { series: [created], evalMinutes, alerts: [{ labels, value: age }] },
          quiet: { series: [created, at("kube_cronjob_status_last_successful_time", fresh)], evalMinutes },
        };
      };
      const all = deadlines.map(scenario);
      return { standalone: true, firing: all.flatMap((s) => [s.stale, s.neverSucceeded]), quiet: all.map((s) => s.quiet) };
    },
  };
}

export function batchAlerts(b: BatchWorkloads): AlertDefinition[] {
  if (b.jobs.length + b.cronJobs.length === 0) return [];
  return [jobFailedAlert(b), ...(b.cronJobs.length ? [cronJobTooOldAlert(b)] : [])];
}
