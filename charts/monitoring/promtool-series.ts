/**
 * What promtool reads in a unit test's input series, checked in-process so a
 * mistyped test is reported at its line instead of by promtool later: a series
 * is a metric name with exact label values, and its values are promtool's
 * expanding notation (`1 2 3`, `0+10x30`, `5-1x4`, `7x3`, `_`, `_x5`, `stale`).
 */

const NUMBER = String.raw`[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|Inf|NaN)`;
const TOKEN = new RegExp(String.raw`^(?:_|_x\d+|stale|${NUMBER}|${NUMBER}[-+]${NUMBER}x\d+|${NUMBER}x\d+)$`);

/** Why promtool could not read `values`, or undefined. */
export function seriesValuesProblem(values: string): string | undefined {
  const tokens = values.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return "has no values";
  const bad = tokens.find((t) => !TOKEN.test(t));
  return bad === undefined ? undefined : `"${bad}" is not promtool's expanding notation (e.g. 0+10x30, 1x5, _, stale)`;
}

/** Why promtool could not read `series` as an input series, or undefined. */
export function seriesNameProblem(series: string): string | undefined {
  const { parser } = require("@prometheus-io/lezer-promql") as typeof import("@prometheus-io/lezer-promql");
  const tree = parser.parse(series);
  const top = tree.topNode.firstChild;
  let broken = false;
  tree.iterate({ enter: (n) => !(broken ||= n.type.isError) });
  if (broken || !top || top.name !== "VectorSelector" || top.nextSibling) return "is not a series like metric{label=\"value\"}";
  const matchers = top.getChild("LabelMatchers");
  if (matchers?.getChild("QuotedLabelMatcher") || matchers?.getChild("QuotedLabelName")) return "uses quoted label names";
  for (const matcher of matchers?.getChildren("UnquotedLabelMatcher") ?? []) {
    if (matcher.getChild("MatchOp")?.firstChild?.name !== "EqlSingle") return `matcher "${series.slice(matcher.from, matcher.to)}" is not an exact label value (=)`;
  }
  const named = top.getChild("Identifier") !== null || (matchers?.getChildren("UnquotedLabelMatcher") ?? []).some((m) => series.slice(m.from, m.to).startsWith("__name__"));
  return named ? undefined : "names no metric";
}
