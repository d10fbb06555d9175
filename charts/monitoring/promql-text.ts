/** Building PromQL and promtool series text from names and label values. */

export type Matcher = readonly [label: string, op: "=" | "!=" | "=~" | "!~", value: string];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** A PromQL string literal; JSON escaping is valid Go/PromQL string syntax. */
export function quote(value: string): string {
  // Names and numbers need no escaping (the common case, and many per service).
  return /^[\w.:\/+-]*$/.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** `metric{a="x", b=~"y"}` */
export function selector(metric: string, matchers: readonly Matcher[]): string {
  const inner = matchers.map(([label, op, value]) => `${label}${op}${quote(value)}`).join(", ");
  return `${metric}{${inner}}`;
}

/** A series in promtool notation: every label an exact value. */
export function seriesText(metric: string, labels: Record<string, string>): string {
  return selector(metric, Object.entries(labels).map(([k, v]) => [k, "=", v] as const));
}

/** Escapes RE2 metacharacters so a name matches itself only inside `=~`. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

/** `value value ...` held for `minutes` steps after the first sample. */
export function steady(value: number, minutes: number): string {
  return `${tidy(value)}+0x${minutes}`;
}

/** A counter growing by `perMinute` each minute for `minutes` steps. */
export function counter(perMinute: number, minutes: number): string {
  return `0+${tidy(perMinute)}x${minutes}`;
}

/** 49.75000000000001 -> 49.75: float noise only clutters test files (and series hold tidied values). */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** Prometheus duration text, e.g. `1h30m`, `5m`, `90s` (no fractions). */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_SECONDS = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];

/** Seconds of a Prometheus duration, or undefined when the text is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === "") return undefined;
  return UNIT_SECONDS.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * unit, 0);
}

/** `90` -> `1h30m`: whole minutes as Prometheus writes durations. */
export function minutesText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}
