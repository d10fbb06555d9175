/**
 * Test scenarios for a custom alert, derived from its expression when it has
 * the common shape `<gauge> <comparison> <number>`, where the gauge is one
 * selector, optionally under sum/avg/min/max and *_over_time functions (which
 * all keep a lone constant series at its value), or rate/irate/increase of one
 * counter (fed a counter of constant slope, which they turn into an exact value).
 */
import type { SyntaxNode } from "@lezer/common";
import { counter, durationSeconds, seriesText, steady, tidy } from "./promql-text";
import type { RuleScenarios } from "./rule-types";

type Comparison = ">" | ">=" | "<" | "<=" | "==" | "!=";

const COMPARISONS: Record<string, Comparison> = { Gtr: ">", Gte: ">=", Lss: "<", Lte: "<=", EqlSingle: "==", Neq: "!=" };
const FLIPPED: Record<Comparison, Comparison> = { ">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!=" };
const VALUE_KEEPING_AGGREGATIONS = new Set(["Sum", "Avg", "Min", "Max"]);
const VALUE_KEEPING_FUNCTIONS = new Set(["AvgOverTime", "MinOverTime", "MaxOverTime", "LastOverTime"]);
const COUNTER_FUNCTIONS = new Set(["Rate", "Irate", "Increase"]);

/** What the gauge side of the comparison reads and which labels survive to the alert. */
interface Gauge {
  metric: string;
  seriesLabels: Record<string, string>;
  outputLabels: Record<string, string>;
  rangeMinutes: number;
  /** Per-minute slope of a counter giving `value`; absent for a gauge held at `value`. */
  counterSlope?: (value: number) => number;
}

class Unsupported extends Error {}

type Derived = RuleScenarios | { reason: string };

/**
 * Services built from shared defaults repeat the same custom alerts in a
 * namespace, and parsing the expression is most of deriving; derivation is
 * pure, so each expression, `for` and namespace is derived once (bounded
 * memory). Callers share the result and must not change it.
 */
const derived = new Map<string, Derived>();
const MAX_CACHED = 10_000;

/** Scenarios for `expr`, or the reason they cannot be derived. */
export function deriveScenarios(expr: string, forMinutes: number, namespace: string): Derived {
  const key = `${forMinutes} ${namespace} ${expr}`;
  let result = derived.get(key);
  if (result === undefined) {
    result = uncachedScenarios(expr, forMinutes, namespace);
    if (derived.size >= MAX_CACHED) derived.clear();
    derived.set(key, result);
  }
  return result;
}

function uncachedScenarios(expr: string, forMinutes: number, namespace: string): Derived {
  try {
    return scenariosFor(expr, forMinutes, namespace);
  } catch (err) {
    if (err instanceof Unsupported) return { reason: err.message };
    throw err;
  }
}

function scenariosFor(expr: string, forMinutes: number, namespace: string): RuleScenarios {
  // Loaded on first use (see promql.ts): the CommonJS build, as the checker's.
  const { parser } = require("@prometheus-io/lezer-promql") as typeof import("@prometheus-io/lezer-promql");
  const top = parser.parse(expr).topNode.firstChild;
  if (!top || top.name !== "BinaryExpr") throw new Unsupported("the expression is not a comparison");
  const [left, opNode, right, ...extra] = children(top);
  if (!left || !opNode || !right || extra.length > 0) throw new Unsupported("comparison modifiers (bool, on, ignoring) are not derivable");
  let op = COMPARISONS[opNode.name];
  if (!op) throw new Unsupported(`"${text(expr, opNode)}" is not a comparison`);
  let gaugeNode = left;
  let threshold = numberOf(expr, right);
  if (threshold === undefined) {
    threshold = numberOf(expr, left);
    gaugeNode = right;
    op = FLIPPED[op];
  }
  if (threshold === undefined) throw new Unsupported("neither side of the comparison is a number");
  // Scraped series carry their target's namespace unless the selector names one.
  const gauge = gaugeOf(expr, gaugeNode, { namespace });
  // Tidied, as the series will hold them: the firing value is what $value shows.
  const [fire, quiet] = (gauge.counterSlope ? valuesAboveZero(op, threshold) : valuesAround(op, threshold)).map(tidy) as [number, number];
  const evalMinutes = forMinutes + gauge.rangeMinutes + 5;
  const samples = evalMinutes + 5;
  const series = (value: number) => [{
    series: seriesText(gauge.metric, gauge.seriesLabels),
    values: gauge.counterSlope ? counter(gauge.counterSlope(value), samples) : steady(value, samples),
  }];
  return {
    firing: [{ series: series(fire), evalMinutes, alerts: [{ labels: gauge.outputLabels, value: fire }] }],
    quiet: [{ series: series(quiet), evalMinutes }],
  };
}

/** [a value that satisfies the comparison, one that does not]. */
function valuesAround(op: Comparison, threshold: number): [number, number] {
  const step = Math.max(Math.abs(threshold), 1) / 2;
  switch (op) {
    case ">":
    case ">=":
      return [threshold + step, threshold - step];
    case "<":
    case "<=":
      return [threshold - step, threshold + step];
    case "==":
      return [threshold, threshold + step];
    case "!=":
      return [threshold + step, threshold];
  }
}

/** The same for a rate or increase, which a counter cannot make negative. */
function valuesAboveZero(op: Comparison, threshold: number): [number, number] {
  const [fire, quiet] = valuesAround(op, threshold);
  const below = threshold > 0 ? threshold / 2 : 0;
  const pair: [number, number] = op === "<" || op === "<=" ? [Math.min(fire, below), quiet] : op === ">" || op === ">=" ? [fire, Math.min(quiet, below)] : [fire, quiet];
  if (pair.some((v) => v < 0) || !satisfies(op, pair[0], threshold) || satisfies(op, pair[1], threshold)) {
    throw new Unsupported(`a rate or increase is never negative, so "${op} ${threshold}" cannot both fire and stay quiet`);
  }
  return pair;
}

function satisfies(op: Comparison, value: number, threshold: number): boolean {
  switch (op) {
    case ">": return value > threshold;
    case ">=": return value >= threshold;
    case "<": return value < threshold;
    case "<=": return value <= threshold;
    case "==": return value === threshold;
    case "!=": return value !== threshold;
  }
}

function gaugeOf(expr: string, node: SyntaxNode, context: Record<string, string>): Gauge {
  switch (node.name) {
    case "ParenExpr":
      return gaugeOf(expr, onlyChild(node), context);
    case "VectorSelector":
      return selectorGauge(expr, node, 0, context);
    case "AggregateExpr":
      return aggregateGauge(expr, node, context);
    case "FunctionCall":
      return functionGauge(expr, node, context);
    default:
      throw new Unsupported(`"${text(expr, node)}" is not a selector, sum/avg/min/max or *_over_time of one`);
  }
}

function aggregateGauge(expr: string, node: SyntaxNode, context: Record<string, string>): Gauge {
  const opName = node.getChild("AggregateOp")?.firstChild?.name ?? "";
  if (!VALUE_KEEPING_AGGREGATIONS.has(opName)) throw new Unsupported(`aggregation in "${text(expr, node)}" is not sum/avg/min/max`);
  const body = node.getChild("FunctionCallBody");
  if (!body) throw new Unsupported(`"${text(expr, node)}" has no argument`);
  const inner = gaugeOf(expr, onlyChild(body), context);
  const modifier = node.getChild("AggregateModifier");
  const grouping = modifier ? modifier.getChild("GroupingLabels")?.getChildren("LabelName").map((n) => text(expr, n)) ?? [] : [];
  const without = modifier?.getChild("Without") != null;
  const outputLabels: Record<string, string> = {};
  for (const [name, value] of Object.entries(inner.outputLabels)) {
    if (grouping.includes(name) !== without) outputLabels[name] = value;
  }
  return { ...inner, outputLabels };
}

function functionGauge(expr: string, node: SyntaxNode, context: Record<string, string>): Gauge {
  const fn = node.getChild("FunctionIdentifier")?.firstChild?.name ?? "";
  if (!VALUE_KEEPING_FUNCTIONS.has(fn) && !COUNTER_FUNCTIONS.has(fn)) {
    throw new Unsupported(`function in "${text(expr, node)}" is not avg/min/max/last_over_time, rate, irate or increase`);
  }
  const matrix = node.getChild("FunctionCallBody")?.getChild("MatrixSelector");
  const vector = matrix?.getChild("VectorSelector");
  const range = matrix?.getChild("DurationExpr");
  const seconds = range ? durationSeconds(text(expr, range)) : undefined;
  if (!vector || seconds === undefined || seconds < 120 || seconds % 60 !== 0) {
    throw new Unsupported(`"${text(expr, node)}" is not a function of one range selector of whole minutes (at least 2m)`);
  }
  const gauge = selectorGauge(expr, vector, seconds / 60, context);
  if (!COUNTER_FUNCTIONS.has(fn)) return gauge;
  // A counter rising `slope` a minute: rate and irate give slope/60 per second,
  // increase gives slope × range minutes.
  const counterSlope = fn === "Increase" ? (value: number) => value / (seconds / 60) : (value: number) => value * 60;
  return { ...gauge, counterSlope };
}

function selectorGauge(expr: string, node: SyntaxNode, rangeMinutes: number, context: Record<string, string>): Gauge {
  let metric = node.getChild("Identifier") ? text(expr, node.getChild("Identifier")!) : "";
  const labels: Record<string, string> = { ...context };
  for (const matcher of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
    const name = text(expr, matcher.getChild("LabelName")!);
    const op = matcher.getChild("MatchOp")?.firstChild?.name;
    const value = stringOf(expr, matcher.getChild("StringLiteral"));
    const fromContext = context[name] !== undefined && context[name] !== value ? context[name] : undefined;
    delete labels[name];
    if (name === "__name__" && op === "EqlSingle") metric = value;
    else if (op === "EqlSingle") labels[name] = value;
    else if (op === "Neq" && (fromContext !== undefined || value === "")) labels[name] = fromContext ?? "example";
    else if (op === "EqlRegex" && /^[\w:\- /]+(\|[\w:\- /]+)*$/.test(value)) labels[name] = value.split("|")[0]!;
    else if (op !== "Neq") throw new Unsupported(`label matcher "${text(expr, matcher)}" is not derivable`);
  }
  if (node.getChild("LabelMatchers")?.getChild("QuotedLabelMatcher") || node.getChild("LabelMatchers")?.getChild("QuotedLabelName")) {
    throw new Unsupported(`quoted label names in "${text(expr, node)}" are not derivable`);
  }
  if (!metric) throw new Unsupported(`selector "${text(expr, node)}" names no metric`);
  return { metric, seriesLabels: labels, outputLabels: { ...labels }, rangeMinutes };
}

function numberOf(expr: string, node: SyntaxNode): number | undefined {
  if (node.name === "ParenExpr") return numberOf(expr, onlyChild(node));
  if (node.name === "UnaryExpr") {
    const inner = node.lastChild;
    const value = inner ? numberOf(expr, inner) : undefined;
    return value === undefined ? undefined : text(expr, node).trim().startsWith("-") ? -value : value;
  }
  if (node.name !== "NumberDurationLiteral") return undefined;
  const value = Number(text(expr, node));
  return Number.isFinite(value) ? value : undefined;
}

function stringOf(expr: string, node: SyntaxNode | null): string {
  const raw = node ? text(expr, node) : '""';
  if (raw.startsWith("`")) return raw.slice(1, -1);
  if (raw.startsWith("'") && !raw.includes("\\")) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw new Unsupported(`string ${raw} uses escapes that are not derivable`);
  }
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function onlyChild(node: SyntaxNode): SyntaxNode {
  const inner = children(node).filter((c) => c.name !== "(" && c.name !== ")");
  if (inner.length !== 1) throw new Unsupported("expected one expression inside parentheses");
  return inner[0]!;
}

function text(expr: string, node: SyntaxNode): string {
  return expr.slice(node.from, node.to);
}
