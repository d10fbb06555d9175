import { durationSeconds } from "../../environments/duration";

/** Quantities and durations as read from manifests that may have been edited by hand. */


/** Seconds of a Go duration such as "720h0m0s"; undefined when it is not one. */
export function secondsOf(value: unknown): number | undefined {
  return typeof value === "string" && /^(\d+(ms|h|m|s))+$/.test(value) ? durationSeconds(value) : undefined;
}

/** Cores, with millicores only below one core: "29.5", "500m". */
export function formatCpu(cores: number): string {
  return Math.abs(cores) < 1 && cores !== 0 ? `${Math.round(cores * 1000)}m` : String(Number(cores.toFixed(3)));
}

export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) {
    if (Math.abs(bytes) >= factor) return `${Number((bytes / factor).toFixed(2))}${suffix}`;
  }
  return String(bytes);
}
