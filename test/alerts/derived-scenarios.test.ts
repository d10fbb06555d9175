/** Test series derived from custom expressions: the shapes the reference guides write, with values a counter can have. */
import { describe, expect, it } from "vitest";
import { deriveScenarios } from "../../charts/monitoring/derived-scenarios";
import { exampleMatching } from "../../charts/monitoring/regex-example";
import type { RuleScenarios } from "../../charts/monitoring/rule-types";

function derived(expr: string): RuleScenarios {
  const result = deriveScenarios(expr, 5, "ml");
  if ("reason" in result) throw new Error(result.reason);
  return result;
}

/** The per-minute slopes of every counter series of a scenario. */
const slopes = (series: RuleScenarios["quiet"][number]["series"]) => series.map((s) => Number(/^0\+([\d.e-]+)x/.exec(s.values)![1]));

describe("derived scenarios", () => {
  it("a small rate threshold keeps the quiet counter rising, never falling (rate(x[5m]) > 0.1)", () => {
    const s = derived("rate(ml_api_errors_total[5m]) > 0.1");
    expect(slopes(s.quiet[0]!.series)).toEqual([3]); // 0.05/s
    expect(slopes(s.firing[0]!.series)).toEqual([60]); // 1/s
    expect(s.firing[0]!.alerts[0]!.value).toBe(1);
  });

  it("a computed value fires at a number exact in binary, which Prometheus' rate arithmetic keeps ({{ $value }} prints it)", () => {
    // 0.6/s came out of promtool as 0.6000000000000001; k/2^n values do not round.
    for (const expr of ["rate(x[5m]) > 0.1", "rate(x[5m]) < 0.3", 'sum(rate(r{code=~"5.."}[5m])) / sum(rate(r[5m])) > 0.05', "rate(x[5m]) * 60 > 7"]) {
      const value = derived(expr).firing[0]!.alerts[0]!.value;
      expect(Number.isInteger(value * 1024), `${expr}: ${value}`).toBe(true);
    }
    expect(derived("rate(x[5m]) < 0.3").firing[0]!.alerts[0]!.value).toBe(0.25);
  });

  it("== is a comparison (up == 0 fires on 0, not on 0.5)", () => {
    const s = derived('up{job="api"} == 0');
    expect(s.firing[0]!.series[0]!.values).toMatch(/^0\+0x/);
    expect(s.quiet[0]!.series[0]!.values).toMatch(/^0\.5\+0x/);
  });

  it("a regex matcher gets a label value it matches (status=~\"5..\" -> 500)", () => {
    expect(derived('rate(http_requests_total{status=~"5.."}[5m]) > 0.1').firing[0]!.alerts[0]!.labels).toEqual({ namespace: "ml", status: "500" });
    expect(exampleMatching("5..")).toBe("500");
    expect(exampleMatching("(GET|POST)/api/v[0-9]+")).toBe("GET/api/v0");
    expect(exampleMatching("[^a]")).toBeUndefined();
  });

  it("a share of one counter feeds the rest of the denominator, staying within 0..1", () => {
    const s = derived('sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05');
    const [errors, rest] = slopes(s.firing[0]!.series) as [number, number];
    expect(errors / (errors + rest)).toBe(0.5);
    const [quietErrors, quietRest] = slopes(s.quiet[0]!.series) as [number, number];
    expect(quietErrors / (quietErrors + quietRest)).toBeLessThan(0.05);
  });

  it("histogram_quantile puts every observation in one bucket whose bound interpolates to the value", () => {
    const s = derived("histogram_quantile(0.95, sum by (le) (rate(inference_duration_seconds_bucket[5m]))) > 1");
    expect(s.firing[0]!.series.map((x) => x.series)).toEqual([
      'inference_duration_seconds_bucket{namespace="ml", le="1.5789473684210527"}',
      'inference_duration_seconds_bucket{namespace="ml", le="+Inf"}',
    ]);
    expect(s.firing[0]!.alerts[0]).toEqual({ labels: {}, value: 1.5 });
    // Prometheus interpolates bound x 0.95: exactly the value a `{{ $value }}` annotation prints (1.57894736842 gave 1.499999999999).
    expect(Number(/le="([\d.]+)"/.exec(s.firing[0]!.series[0]!.series)![1]) * 0.95).toBe(1.5);
  });

  it("says why when it cannot derive", () => {
    expect(deriveScenarios("count(up) < 3", 5, "ml")).toEqual({ reason: expect.stringContaining("aggregation") });
    expect(deriveScenarios("rate(x[5m]) < 0", 5, "ml")).toEqual({ reason: expect.stringContaining("cannot both fire and stay quiet") });
    expect(deriveScenarios('rate(a{code="500"}[5m]) / rate(a[5m]) > 0.1', 5, "ml")).toEqual({ reason: expect.stringContaining("never match") });
  });
});
