import { parser } from "@prometheus-io/lezer-promql";
import { asArray, get, isObj } from "../resources";
import type { Rule } from "../rule";

/** Position of the first syntax error in a PromQL expression, or -1 when it parses. */
function promqlErrorAt(expr: string): number {
  let at = -1;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (at >= 0) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  return at;
}

/** Every alerting and recording rule expression of a PrometheusRule must parse. */
export const promqlParses: Rule = (ctx) => {
  for (const pr of ctx.resources) {
    asArray(get(pr.object, ["spec", "groups"])).forEach((group, i) => {
      asArray(get(group, ["rules"])).forEach((rule, j) => {
        if (!isObj(rule)) return;
        const label = typeof rule.alert === "string" ? `alert ${rule.alert}` : `record ${String(rule.record ?? j)}`;
        const expr = typeof rule.expr === "number" ? String(rule.expr) : rule.expr;
        if (typeof expr !== "string" || expr.trim() === "") {
          ctx.report(pr, ["spec", "groups", i, "rules", j, "expr"], `${label}: expr is empty`);
          return;
        }
        const at = promqlErrorAt(expr);
        if (at >= 0) ctx.report(pr, ["spec", "groups", i, "rules", j, "expr"], `${label}: PromQL does not parse at character ${at + 1}: ${expr.slice(at, at + 20) || "(end of expression)"}`);
      });
    });
  }
};
