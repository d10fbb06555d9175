/** Kubernetes resource quantities and Go durations as plain numbers, for comparing and summing. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** "500m" → 0.5, "2Gi" → 2147483648, 3 → 3; undefined when it is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const m = /^([+-]?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(value.trim());
  if (!m) return undefined;
  const number = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const suffix = m[3]!;
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : number * factor;
}

/** "720h0m0s" → 2592000 seconds; undefined when it is not a Go duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(value)) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let seconds = 0;
  for (const [, n, , u] of value.matchAll(/(\d+(\.\d+)?)(ms|h|m|s)/g)) seconds += Number(n) * unit[u!]!;
  return seconds;
}

export function formatCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) {
    if (Math.abs(bytes) >= factor) return `${Number((bytes / factor).toFixed(2))}${suffix}`;
  }
  return String(bytes);
}
