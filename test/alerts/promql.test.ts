/** The in-process PromQL checker: catches what promtool would, names file, field and alert. */
import { describe, expect, it } from "vitest";
import { checkPromQL, promQLProblem } from "../../charts/monitoring/promql";
import { UserError } from "../../environments/source/errors";

describe("checkPromQL", () => {
  it.each([
    'pg_stat_activity_count{datname="app"} > 90',
    "sum by (namespace) (rate(http_requests_total[5m])) > 1",
    'histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m]))) > 0.3',
    'absent(up{job="x"}) or max by (job) (up) == 0',
    "time() - max(velero_backup_last_successful_timestamp) > 90000",
    "vector(1)",
  ])("accepts %s", (expr) => {
    expect(promQLProblem(expr)).toBeUndefined();
  });

  it("checks a long expression completely (beyond what an editor parses up front)", () => {
    const long = Array.from({ length: 120 }, (_, i) => `max by (namespace) (queue_depth_${i}{service="ranker"})`).join(" or ");
    expect(long.length).toBeGreaterThan(5000);
    expect(promQLProblem(`${long} > 10`)).toBeUndefined();
    expect(promQLProblem(`${long} > rate(queue_depth_0)`)?.message).toContain('expected type matrix in call to function "rate"');
    expect(promQLProblem(`${long} > rate(queue_depth_0)`)?.offset).toBeGreaterThan(5000);
  });

  it.each([
    ["rate(http_requests_total[5m]", "syntax error"],
    ["sum(rate(x[5m])) >", "binary expression must contain only scalar and instant vector types"],
    ["rate(http_requests_total)", 'expected type matrix in call to function "rate"'],
    ["http_requests_total[5m]", "must give an instant vector or a scalar, not a matrix"],
    ['"text"', "not a string"],
    ["foo and 1", "set operator not allowed in binary scalar expression"],
    ["no_such_function(x)", "unexpected expression"],
    ["", "expression is empty"],
  ])("rejects %s", (expr, message) => {
    expect(promQLProblem(expr)?.message).toContain(message);
  });

  it("throws a UserError with file, line, field and alert name", () => {
    let error: unknown;
    try {
      checkPromQL("rate(x[5m]", { file: "environments/prod.yaml", line: 42, column: 9, path: "services.ranker.alerts.0.expr", alert: "QueueDeep" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toMatch(
      /^environments\/prod\.yaml:42:9 services\.ranker\.alerts\.0\.expr: alert "QueueDeep": invalid PromQL: syntax error at character \d+/,
    );
  });
});
