/** Per-environment alerts on Velero backups, from the Velero server's metrics. */
import { seriesMinutes, type AlertDefinition } from "./alert-definition";
import { counter, minutesText, regexLiteral, selector, seriesText, steady } from "./promql-text";

/** A backup must have succeeded within this many hours. */
const MAX_AGE_HOURS = 25;

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

export function backupTooOldAlert(schedules: readonly string[]): AlertDefinition {
  const lastSuccess = selector("velero_backup_last_successful_timestamp", schedulesMatcher(schedules));
  const forMinutes = 15;
  const evalMinutes = MAX_AGE_HOURS * 60 + forMinutes + 5;
  const schedule = schedules[0]!;
  const timestamps = (values: string) => [{ series: seriesText("velero_backup_last_successful_timestamp", { schedule }), values }];
  return {
    alert: "VeleroBackupTooOld",
    expr: `time() - max by (schedule) (${lastSuccess}) > ${MAX_AGE_HOURS * 3600}`,
    for: minutesText(forMinutes),
    severity: "critical",
    summary: "No Velero backup of schedule {{ $labels.schedule }} succeeded for over 25h",
    description: `The last successful backup of Velero schedule {{ $labels.schedule }} finished {{ $value | humanizeDuration }} ago; backups must succeed at least every ${MAX_AGE_HOURS}h.`,
    scenarios: () => ({
      standalone: true,
      // Test time starts at the epoch, so a timestamp of 0 ages with the clock
      // and one rising 60 s a minute is always fresh.
      firing: [{ series: timestamps(steady(0, seriesMinutes(evalMinutes))), evalMinutes, alerts: [{ labels: { schedule }, value: evalMinutes * 60 }] }],
      quiet: [{ series: timestamps(counter(60, seriesMinutes(evalMinutes))), evalMinutes }],
    }),
  };
}

/** A schedule that never reported a success (metric absent) for 25h. */
export function backupNeverSucceededAlert(schedules: readonly string[]): AlertDefinition {
  const absentOne = (schedule: string) => `absent(${selector("velero_backup_last_successful_timestamp", [["schedule", "=", schedule]])})`;
  const evalMinutes = MAX_AGE_HOURS * 60 + 5;
  const fresh = (schedule: string) => ({
    series: seriesText("velero_backup_last_successful_timestamp", { schedule }),
    values: counter(60, seriesMinutes(evalMinutes)),
  });
  const [missing, ...others] = schedules as [string, ...string[]];
  return {
    alert: "VeleroBackupNeverSucceeded",
    expr: schedules.map(absentOne).join("\n  or\n"),
    for: `${MAX_AGE_HOURS}h`,
    severity: "critical",
    summary: "Velero schedule {{ $labels.schedule }} has no successful backup",
    description: `Velero reported no successful backup for schedule {{ $labels.schedule }} for ${MAX_AGE_HOURS}h: the schedule is missing, never ran, or Velero is not scraped.`,
    scenarios: () => ({
      standalone: true,
      firing: [{ series: others.map(fresh), evalMinutes, alerts: [{ labels: { schedule: missing }, value: 1 }] }],
      quiet: [{ series: schedules.map(fresh), evalMinutes }],
    }),
  };
}

export function backupAlerts(schedules: readonly string[]): AlertDefinition[] {
  if (schedules.length === 0) return [];
  return [backupFailedAlert(schedules), backupTooOldAlert(schedules), backupNeverSucceededAlert(schedules)];
}
