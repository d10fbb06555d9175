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
    expect(slopes(s.firing[0]!.series)).toEqual([36]); // 0.6/s
    expect(s.firing[0]!.alerts[0]!.value).toBe(0.6);
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
    expect(errors / (errors + rest)).toBeCloseTo(0.55);
    const [quietErrors, quietRest] = slopes(s.quiet[0]!.series) as [number, number];
    expect(quietErrors / (quietErrors + quietRest)).toBeLessThan(0.05);
  });

  it("histogram_quantile puts every observation in one bucket whose bound interpolates to the value", () => {
    const s = derived("histogram_quantile(0.95, sum by (le) (rate(inference_duration_seconds_bucket[5m]))) > 1");
    expect(s.firing[0]!.series.map((x) => x.series)).toEqual([
      'inference_duration_seconds_bucket{namespace="ml", le="1.57894736842"}',
      'inference_duration_seconds_bucket{namespace="ml", le="+Inf"}',
    ]);
    expect(s.firing[0]!.alerts[0]).toEqual({ labels: {}, value: 1.5 });
  });

  it("says why when it cannot derive", () => {
    expect(deriveScenarios("count(up) < 3", 5, "ml")).toEqual({ reason: expect.stringContaining("aggregation") });
    expect(deriveScenarios("rate(x[5m]) < 0", 5, "ml")).toEqual({ reason: expect.stringContaining("cannot both fire and stay quiet") });
    expect(deriveScenarios('rate(a{code="500"}[5m]) / rate(a[5m]) > 0.1', 5, "ml")).toEqual({ reason: expect.stringContaining("never match") });
  });
});
