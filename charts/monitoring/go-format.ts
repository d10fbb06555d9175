/**
 * Number formatting as Prometheus alert templates print it (Go's fmt and the
 * humanize* template functions), so expected annotations can be computed.
 */

/** Go `%.{precision}g`; `precision` undefined means Go's shortest `%v`. */
export function formatG(value: number, precision?: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, exponentText] = (precision === undefined
    ? Math.abs(value).toExponential()
    : Math.abs(value).toExponential(Math.max(precision, 1) - 1)
  ).split("e") as [string, string];
  const digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
  const decimalPoint = Number(exponentText) + 1;
  const prec = precision === undefined ? digits.length : Math.max(precision, 1);
  let exponentLimit = prec;
  if (precision === undefined) exponentLimit = 21;
  else if (prec > digits.length && digits.length >= decimalPoint) exponentLimit = digits.length;
  const exp = decimalPoint - 1;
  const sign = negative ? "-" : "";
  if (value === 0) return sign + "0";
  if (exp < -4 || exp >= exponentLimit) {
    const shown = Math.min(prec, digits.length);
    const fraction = digits.slice(1, shown).padEnd(shown - 1, "0");
    const expAbs = String(Math.abs(exp)).padStart(2, "0");
    return `${sign}${digits[0]}${fraction ? "." + fraction : ""}e${exp < 0 ? "-" : "+"}${expAbs}`;
  }
  const decimals = Math.max((prec > decimalPoint ? digits.length : prec) - decimalPoint, 0);
  return sign + fixedFromDigits(digits, decimalPoint, decimals);
}

function fixedFromDigits(digits: string, decimalPoint: number, decimals: number): string {
  const integer = decimalPoint > 0 ? digits.slice(0, decimalPoint).padEnd(decimalPoint, "0") : "0";
  if (decimals === 0) return integer;
  let fraction = "";
  for (let i = 0; i < decimals; i++) {
    const index = decimalPoint + i;
    fraction += index >= 0 && index < digits.length ? digits[index] : "0";
  }
  return `${integer}.${fraction}`;
}

const BIG_PREFIXES = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
const SMALL_PREFIXES = ["m", "u", "n", "p", "f", "a", "z", "y"];

/** Prometheus `humanize`: 1234 -> 1.234k, 0.5 -> 500m. */
export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return formatG(value, 4);
  let v = value;
  let prefix = "";
  const prefixes = Math.abs(v) >= 1 ? BIG_PREFIXES : SMALL_PREFIXES;
  for (const p of prefixes) {
    if (prefixes === BIG_PREFIXES ? Math.abs(v) < 1000 : Math.abs(v) >= 1) break;
    prefix = p;
    v = prefixes === BIG_PREFIXES ? v / 1000 : v * 1000;
  }
  return formatG(v, 4) + prefix;
}

/** Prometheus `humanizePercentage`: 0.5 -> 50%. */
export function humanizePercentage(value: number): string {
  return formatG(value * 100, 4) + "%";
}

/** Prometheus `humanizeDuration` (seconds): 91200 -> 1d 1h 20m 0s, 0.25 -> 250ms. */
export function humanizeDuration(value: number): string {
  if (!Number.isFinite(value)) return formatG(value, 4);
  if (value === 0) return formatG(value, 4) + "s";
  if (Math.abs(value) >= 1) {
    const sign = value < 0 ? "-" : "";
    const abs = Math.abs(value);
    const whole = Math.trunc(abs);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${formatG(abs, 4)}s`;
  }
  let v = value;
  let prefix = "";
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${formatG(v, 4)}${prefix}s`;
}
