/**
 * Several scenarios of one alert played one after another in a single promtool
 * test: each phase's series follow the previous phase's (a series a phase does
 * not have is marked stale, then left blank), and the alert is checked at the
 * end of each phase. Half the text of separate tests, and it also proves the
 * alert resolves and fires again as conditions change.
 */
import type { InputSeries } from "./rule-types";

export interface Phase {
  series: InputSeries[];
  /** Minutes from the phase's start to its check; every lookback of the rule fits in it. */
  evalMinutes: number;
}

export interface Timeline {
  series: InputSeries[];
  /** Minutes from the test's start to each phase's check. */
  evalMinutes: number[];
}

/** The phases as one timeline, or undefined when a phase's series are not of one known length. */
export function timeline(phases: readonly Phase[]): Timeline | undefined {
  const lengths: number[] = [];
  for (const phase of phases) {
    const counts = new Set(phase.series.map((s) => sampleCount(s.values)));
    if (counts.has(undefined) || counts.size > 1) return undefined;
    const count = counts.values().next().value ?? phase.evalMinutes + 1;
    if (count <= phase.evalMinutes) return undefined;
    lengths.push(count);
  }
  const names = [...new Set(phases.flatMap((p) => p.series.map((s) => s.series)))];
  const series = names.map((name) => {
    const parts: string[] = [];
    let present = false;
    phases.forEach((phase, i) => {
      const own = phase.series.find((s) => s.series === name);
      if (own) parts.push(own.values);
      else parts.push(present ? `stale${lengths[i]! > 1 ? ` _x${lengths[i]! - 1}` : ""}` : `_x${lengths[i]}`);
      present = own !== undefined;
    });
    return { series: name, values: parts.join(" ") };
  });
  let start = 0;
  const evalMinutes = phases.map((phase, i) => {
    const at = start + phase.evalMinutes;
    start += lengths[i]!;
    return at;
  });
  return { series, evalMinutes };
}

/** The same few value strings recur in every service's tests. */
const counts = new Map<string, number | undefined>();

/** Samples in promtool's expanding notation, for the forms gitops-forge writes (`a+bxn`, numbers). */
function sampleCount(values: string): number | undefined {
  if (!counts.has(values)) {
    if (counts.size > 10_000) counts.clear();
    counts.set(values, countSamples(values));
  }
  return counts.get(values);
}

function countSamples(values: string): number | undefined {
  let count = 0;
  for (const token of values.trim().split(/\s+/)) {
    const repeat = /^-?[\d.e]+[+-][\d.e+-]*x(\d+)$/.exec(token);
    if (repeat) count += Number(repeat[1]) + 1;
    else if (/^-?[\d.]+(e[+-]?\d+)?$/.test(token)) count += 1;
    else return undefined;
  }
  return count;
}
