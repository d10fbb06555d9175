import { Cron } from "croner";

/** Chaos Mesh and Velero both take classic five-field cron (minute hour day month weekday). */
const FIELDS = 5;
/** UTC as a fixed offset: the same answers on every machine, without Intl's time zone machinery. */
const UTC = { paused: true, utcOffset: 0 } as const;

/**
 * One field as robfig/cron reads it, the parser of Velero, Chaos Mesh and
 * Kubernetes CronJobs: `*` or `?`, numbers or names, ranges, steps, lists.
 * croner also takes `L`, `W` and `#`, which those consumers reject.
 */
const ROBFIG_FIELD = /^(?:(?:\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/[0-9]+)?)(?:,(?:\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/[0-9]+)?)*$/;
const EXTENSION = /[LW#]/;

/** Why `expr` is not a usable schedule, or undefined when it is. */
export function cronProblem(expr: string): string | undefined {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== FIELDS) return "must be a five-field cron expression (minute hour day month weekday)";
  for (const [i, field] of fields.entries()) {
    // robfig/cron counts weekdays 0-6; croner also takes 7 for Sunday.
    if (i === FIELDS - 1 && /(^|[^0-9])7([^0-9]|$)/.test(field)) return `is not a valid cron expression for Velero, Chaos Mesh and Kubernetes (robfig/cron): weekday "${field}" (0-6, Sunday is 0)`;
    const names = field.replace(/\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT)\b/gi, "0");
    if (!ROBFIG_FIELD.test(field) || EXTENSION.test(names)) {
      const hint = EXTENSION.test(names) ? " (L, W and # are not supported)" : "";
      return `is not a valid cron expression for Velero, Chaos Mesh and Kubernetes (robfig/cron): "${field}"${hint}`;
    }
  }
  try {
    const runs = new Cron(expr, UTC).nextRuns(1, new Date(Date.UTC(2030, 0, 1)));
    return runs.length === 0 ? "never fires" : undefined;
  } catch (err) {
    return `is not a valid cron expression (${(err as Error).message.replace(/^CronPattern: /, "")})`;
  }
}

/** Longest gap between the next 60 firings, in seconds: what a backup TTL must outlast. */
export function longestIntervalSeconds(expr: string): number {
  const runs = new Cron(expr, UTC).nextRuns(60, new Date(Date.UTC(2030, 0, 1)));
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, (runs[i]!.getTime() - runs[i - 1]!.getTime()) / 1000);
  return longest;
}

/**
 * A cron schedule firing every `seconds` (a whole number of minutes dividing
 * an hour, or of hours dividing a day), or undefined when none fits.
 */
export function cronEvery(seconds: number): string | undefined {
  if (seconds >= 900 && seconds < 3600 && seconds % 60 === 0 && 3600 % seconds === 0) return `*/${seconds / 60} * * * *`;
  if (seconds === 3600) return "0 * * * *";
  if (seconds > 3600 && seconds < 86400 && seconds % 3600 === 0 && 86400 % seconds === 0) return `0 */${seconds / 3600} * * *`;
  return undefined;
}
