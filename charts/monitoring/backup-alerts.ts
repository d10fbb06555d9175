/**
 * Per-environment alerts on Velero backups, from the Velero server's metrics.
 * "No successful backup" follows each schedule: a backup is overdue once its
 * schedule's interval plus a margin (half the interval, at most an hour) has
 * passed, so a daily schedule is overdue after 25h and one every 15 minutes,
 * there to meet a 15-minute RPO, after 23 minutes.
 */
import { seriesMinutes, type AlertDefinition } from "./alert-definition";
import { counter, minutesText, regexLiteral, selector, seriesText, steady } from "./promql-text";

/** A Velero Schedule and the longest time between two of its runs. */
export interface BackupSchedule {
  name: string;
  everySeconds: number;
}

/** Schedules sharing one deadline: how long after a success the next must have succeeded. */
interface Deadline {
  schedules: string[];
  maxAgeMinutes: number;
  /** How long a backup may be overdue before the alert fires. */
  forMinutes: number;
}

const MAX_MARGIN_MINUTES = 60;
const MAX_FOR_MINUTES = 15;

/** Deadlines of the schedules, longest first, each schedule's names sorted. */
export function backupDeadlines(schedules: readonly BackupSchedule[]): Deadline[] {
  const byAge = new Map<number, Deadline>();
  for (const { name, everySeconds } of schedules) {
    const everyMinutes = Math.ceil(everySeconds / 60);
    const margin = Math.min(MAX_MARGIN_MINUTES, Math.ceil(everyMinutes / 2));
    const maxAgeMinutes = everyMinutes + margin;
    const deadline = byAge.get(maxAgeMinutes) ?? { schedules: [], maxAgeMinutes, forMinutes: Math.min(MAX_FOR_MINUTES, margin) };
    if (!deadline.schedules.includes(name)) deadline.schedules.push(name);
    byAge.set(maxAgeMinutes, deadline);
  }
  return [...byAge.values()].sort((a, b) => b.maxAgeMinutes - a.maxAgeMinutes).map((d) => ({ ...d, schedules: d.schedules.sort() }));
}

function schedulesMatcher(schedules: readonly string[]) {
  return [["schedule", "=~", schedules.map(regexLiteral).join("|")]] as const;
}

export function backupFailedAlert(schedules: readonly string[]): AlertDefinition {
  const failures = selector("velero_backup_failure_total", schedulesMatcher(schedules));
  const forMinutes = 5;
  const evalMinutes = forMinutes + 20;
  const schedule = schedules[0]!;
  // One failure at minute 10, then none: the failure stays in the 1h window.
  const failureCounter = (failed: boolean) => [{
    series: seriesText("velero_backup_failure_total", { schedule }),
    values: failed ? `${steady(0, 10)} ${steady(1, seriesMinutes(evalMinutes) - 11)}` : steady(0, seriesMinutes(evalMinutes)),
  }];
  return {
    alert: "VeleroBackupFailed",
    expr: `sum by (schedule) (increase(${failures}[1h])) > 0`,
    for: minutesText(forMinutes),
    severity: "warning",
    summary: "A Velero backup of schedule {{ $labels.schedule }} failed",
    description: "Velero schedule {{ $labels.schedule }} had a failed backup in the last hour; run `velero backup describe` on it and check its storage location.",
    // Backups look back an hour and more, or at time(): each scenario gets its own test.
    scenarios: () => ({
      standalone: true,
      firing: [{ series: failureCounter(true), evalMinutes, alerts: [{ labels: { schedule }, value: 1 }] }],
      quiet: [{ series: failureCounter(false), evalMinutes }],
    }),
  };
}

/** One rule for all deadlines (promtool rejects two rules of one name and labels); it fires after the shortest `for`. */
export function backupTooOldAlert(deadlines: readonly Deadline[]): AlertDefinition {
  const forMinutes = Math.min(...deadlines.map((d) => d.forMinutes));
  const branch = (d: Deadline) => `time() - max by (schedule) (${selector("velero_backup_last_successful_timestamp", schedulesMatcher(d.schedules))}) > ${d.maxAgeMinutes * 60}`;
  const within =
    deadlines.length === 1
      ? `backups must succeed at least every ${minutesText(deadlines[0]!.maxAgeMinutes)}`
      : `backups must succeed within their schedule's deadline (${deadlines.map((d) => `${d.schedules.join(", ")}: ${minutesText(d.maxAgeMinutes)}`).join("; ")})`;
  return {
    alert: "VeleroBackupTooOld",
    expr: deadlines.map(branch).join("\n  or\n"),
    for: minutesText(forMinutes),
    severity: "critical",
    summary: deadlines.length === 1 ? `No Velero backup of schedule {{ $labels.schedule }} succeeded for over ${minutesText(deadlines[0]!.maxAgeMinutes)}` : "No recent successful Velero backup of schedule {{ $labels.schedule }}",
    description: `The last successful backup of Velero schedule {{ $labels.schedule }} finished {{ $value | humanizeDuration }} ago; ${within}.`,
    // Each deadline fires on its own schedule gone stale and stays quiet while it is fresh.
    scenarios: () => {
      const scenario = (d: Deadline) => {
        const evalMinutes = d.maxAgeMinutes + forMinutes + 5;
        const schedule = d.schedules[0]!;
        const timestamps = (values: string) => [{ series: seriesText("velero_backup_last_successful_timestamp", { schedule }), values }];
        return {
          // Test time starts at the epoch, so a timestamp of 0 ages with the clock
          // and one rising 60 s a minute is always fresh.
          firing: { series: timestamps(steady(0, seriesMinutes(evalMinutes))), evalMinutes, alerts: [{ labels: { schedule }, value: evalMinutes * 60 }] },
          quiet: { series: timestamps(counter(60, seriesMinutes(evalMinutes))), evalMinutes },
        };
      };
      const all = deadlines.map(scenario);
      return { standalone: true, firing: all.map((s) => s.firing), quiet: all.map((s) => s.quiet) };
    },
  };
}

/**
 * A schedule that never reported a success (metric absent) for its deadline;
 * `all`: every schedule, fresh in the tests. With several deadlines each rule
 * carries its own in a `deadline` label (promtool rejects two rules of one
 * name and labels).
 */
export function backupNeverSucceededAlert(deadline: Deadline, all: readonly string[], labelled: boolean): AlertDefinition {
  const absentOne = (schedule: string) => `absent(${selector("velero_backup_last_successful_timestamp", [["schedule", "=", schedule]])})`;
  const evalMinutes = deadline.maxAgeMinutes + 5;
  const fresh = (schedule: string) => ({
    series: seriesText("velero_backup_last_successful_timestamp", { schedule }),
    values: counter(60, seriesMinutes(evalMinutes)),
  });
  const missing = deadline.schedules[0]!;
  const maxAge = minutesText(deadline.maxAgeMinutes);
  return {
    alert: "VeleroBackupNeverSucceeded",
    expr: deadline.schedules.map(absentOne).join("\n  or\n"),
    for: maxAge,
    severity: "critical",
    summary: "Velero schedule {{ $labels.schedule }} has no successful backup",
    description: `Velero reported no successful backup for schedule {{ $labels.schedule }} for ${maxAge}: the schedule is missing, never ran, or Velero is not scraped.`,
    ...(labelled ? { labels: { deadline: maxAge } } : {}),
    scenarios: () => ({
      standalone: true,
      firing: [{ series: all.filter((s) => s !== missing).map(fresh), evalMinutes, alerts: [{ labels: { schedule: missing }, value: 1 }] }],
      quiet: [{ series: all.map(fresh), evalMinutes }],
    }),
  };
}

export function backupAlerts(schedules: readonly BackupSchedule[]): AlertDefinition[] {
  if (schedules.length === 0) return [];
  const names = [...new Set(schedules.map((s) => s.name))].sort();
  const deadlines = backupDeadlines(schedules);
  return [backupFailedAlert(names), backupTooOldAlert(deadlines), ...deadlines.map((d) => backupNeverSucceededAlert(d, names, deadlines.length > 1))];
}
