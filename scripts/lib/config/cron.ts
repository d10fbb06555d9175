import { Cron } from "croner";

/** Chaos Mesh and Velero both take classic five-field cron (minute hour day month weekday). */
const FIELDS = 5;

/** Why `expr` is not a usable schedule, or undefined when it is. */
export function cronProblem(expr: string): string | undefined {
  if (expr.trim().split(/\s+/).length !== FIELDS) return "must be a five-field cron expression (minute hour day month weekday)";
  try {
    const runs = new Cron(expr, { paused: true, timezone: "UTC" }).nextRuns(1, new Date(Date.UTC(2030, 0, 1)));
    return runs.length === 0 ? "never fires" : undefined;
  } catch (err) {
    return `is not a valid cron expression (${(err as Error).message.replace(/^CronPattern: /, "")})`;
  }
}

/** Longest gap between two firings over a year, in seconds: what a backup TTL must outlast. */
export function longestIntervalSeconds(expr: string): number {
  const runs = new Cron(expr, { paused: true, timezone: "UTC" }).nextRuns(400, new Date(Date.UTC(2030, 0, 1)));
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, (runs[i]!.getTime() - runs[i - 1]!.getTime()) / 1000);
  return longest;
}
