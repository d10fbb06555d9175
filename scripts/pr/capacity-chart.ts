import type { Capacity } from "./summary";
import { formatBytes, formatCpu } from "./quantity";

/**
 * The capacity delta as a small bar chart in plain text (a code block renders
 * the same on GitHub and in a terminal): per resource that changes, its
 * requests at minimum and maximum replicas, before and after, bars scaled to
 * the resource's largest figure.
 */
const WIDTH = 20;
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
export const RESOURCES = [
  { label: "GPUs", key: "gpu", format: (n: number) => String(n) },
  { label: "CPU", key: "cpu", format: formatCpu },
  { label: "Memory", key: "memory", format: formatBytes },
] as const;

/** Undefined when no resource changes. */
export function capacityChart(c: { before: Capacity; after: Capacity }): string | undefined {
  const lines: string[] = [];
  for (const { label, key, format } of RESOURCES) {
    const figures = [c.before[key].min, c.after[key].min, c.before[key].max, c.after[key].max];
    if (figures[0] === figures[1] && figures[2] === figures[3]) continue;
    const scale = Math.max(...figures);
    for (const end of ["min", "max"] as const) {
      const before = c.before[key][end];
      const after = c.after[key][end];
      const delta = after - before;
      const change = delta === 0 ? "±0" : delta > 0 ? `+${format(delta)}` : `-${format(-delta)}`;
      const head = `${label} at ${end}`.padEnd(15);
      lines.push(`${head}before ${bar(before, scale)} ${format(before)}`);
      lines.push(`${"".padEnd(15)}after  ${bar(after, scale)} ${format(after).padEnd(format(before).length)}  ${change}`);
    }
  }
  return lines.length ? lines.join("\n") : undefined;
}

function bar(value: number, scale: number): string {
  const eighths = scale > 0 ? Math.round((value / scale) * WIDTH * 8) : 0;
  return ("█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]).padEnd(WIDTH);
}
