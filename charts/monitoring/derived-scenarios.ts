/**
 * Test scenarios for a custom alert, derived from its expression when it has
 * the shape `<signal> <comparison> <number>`. A signal is one selector (exact,
 * `!=`, `=~` or `!~` matchers), optionally under sum/avg/min/max and
 * *_over_time functions (which all keep a lone constant series at its value);
 * rate/irate/increase of one counter (fed a counter of constant slope, which
 * they turn into an exact value); histogram_quantile over the rate of one
 * histogram's buckets; the ratio of two signals (a share of one counter, as in
 * an error ratio, or of two metrics); and a signal times or divided by a number.
 */
import type { SyntaxNode } from "@lezer/common";
import { counter, durationSeconds, seriesText, steady, tidy } from "./promql-text";
import { exampleMatching, fullyMatches } from "./regex-example";
import type { InputSeries, RuleScenarios } from "./rule-types";

type Comparison = ">" | ">=" | "<" | "<=" | "==" | "!=";

/** The Lezer PromQL grammar's names of the comparison operators. */
const COMPARISONS: Record<string, Comparison> = { Gtr: ">", Gte: ">=", Lss: "<", Lte: "<=", Eql: "==", Neq: "!=" };
const FLIPPED: Record<Comparison, Comparison> = { ">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!=" };
const VALUE_KEEPING_AGGREGATIONS = new Set(["Sum", "Avg", "Min", "Max"]);
const VALUE_KEEPING_FUNCTIONS = new Set(["AvgOverTime", "MinOverTime", "MaxOverTime", "LastOverTime"]);
const COUNTER_FUNCTIONS = new Set(["Rate", "Irate", "Increase"]);

/** One selector a signal reads, for telling the series of a ratio's two sides apart. */
interface Leaf {
  metric: string;
  seriesLabels: Record<string, string>;
  matchers: Array<[name: string, op: string, value: string]>;
}

/** What one side of the comparison computes, and how to feed it a value. */
interface Signal {
  /** Labels of the result (without the metric name): the alert's labels. */
  outputLabels: Record<string, string>;
  /** The longest lookback, in minutes. */
  rangeMinutes: number;
  /** Values the signal can take (a rate is never negative, a share at most 1). */
  min?: number;
  max?: number;
  /** Input series over `samples` minutes that make the signal `value`. */
  series(value: number, samples: number): InputSeries[];
  /** The selector, while the signal reads one and keeps its series apart. */
  leaf?: Leaf;
  /** The outermost aggregation (Sum, Avg, ...), if any. */
  aggregation?: string;
  /** Prometheus computes it from samples in floating point (a rate, a ratio): only a value exact in binary comes out as itself. */
  computed?: boolean;
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
  let signalNode = left;
  let threshold = numberOf(expr, right);
  if (threshold === undefined) {
    threshold = numberOf(expr, left);
    signalNode = right;
    op = FLIPPED[op];
  }
  if (threshold === undefined) throw new Unsupported("neither side of the comparison is a number");
  // Scraped series carry their target's namespace unless the selector names one.
  const signal = signalOf(expr, signalNode, { namespace });
  // Tidied, as the series will hold them: the firing value is what $value shows.
  const [inexactFire, quiet] = valuesWithin(signal, op, threshold).map(tidy) as [number, number];
  const fire = signal.computed ? exactInBinary(inexactFire, (v) => satisfies(op, v, threshold) && strictlyWithin(signal, v)) : inexactFire;
  const evalMinutes = forMinutes + signal.rangeMinutes + 5;
  const samples = evalMinutes + 5;
  return {
    firing: [{ series: signal.series(fire, samples), evalMinutes, alerts: [{ labels: signal.outputLabels, value: fire }] }],
    quiet: [{ series: signal.series(quiet, samples), evalMinutes }],
  };
}

/**
 * The coarsest value of the form k/2^n (n <= 10) near `value` that still
 * does: its rate or ratio survives Prometheus' arithmetic unrounded, so a
 * `{{ $value }}` annotation prints what the test expects (0.6/s came out as
 * 0.6000000000000001, 1 stays 1).
 */
function exactInBinary(value: number, fits: (candidate: number) => boolean): number {
  for (let denominator = 1; denominator <= 1024; denominator *= 2) {
    const candidate = Math.round(value * denominator) / denominator;
    if (fits(candidate)) return candidate;
  }
  return value;
}

function strictlyWithin(signal: Signal, value: number): boolean {
  return (signal.min === undefined || value > signal.min) && (signal.max === undefined || value < signal.max);
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

/**
 * The same within the values the signal can take: a value that would fall
 * below its floor (or above its ceiling) is taken halfway between the
 * threshold and the floor (ceiling) instead. Below the threshold, a floored
 * signal never goes further than halfway to its floor.
 */
function valuesWithin(signal: Signal, op: Comparison, threshold: number): [number, number] {
  let [fire, quiet] = valuesAround(op, threshold);
  const { min, max } = signal;
  if (min !== undefined) {
    const down = threshold > min ? (threshold + min) / 2 : min;
    if (op === ">" || op === ">=") quiet = quiet < min ? down : Math.min(quiet, down);
    if (op === "<" || op === "<=") fire = fire < min ? down : Math.min(fire, down);
  }
  if (max !== undefined) {
    const up = threshold < max ? (threshold + max) / 2 : max;
    if ((op === ">" || op === ">=") && fire > max) fire = up;
    if ((op === "<" || op === "<=") && quiet > max) quiet = up;
    if ((op === "==" || op === "!=") && Math.max(fire, quiet) > max) [fire, quiet] = op === "==" ? [threshold, (threshold + (min ?? 0)) / 2] : [(threshold + (min ?? 0)) / 2, threshold];
  }
  const inside = (v: number) => (min === undefined || v >= min) && (max === undefined || v <= max);
  if (!inside(fire) || !inside(quiet) || !satisfies(op, fire, threshold) || satisfies(op, quiet, threshold)) {
    const range = `${min ?? "-Inf"}..${max ?? "+Inf"}`;
    throw new Unsupported(`the expression only takes values in ${range}, so "${op} ${threshold}" cannot both fire and stay quiet`);
  }
  return [fire, quiet];
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

function signalOf(expr: string, node: SyntaxNode, context: Record<string, string>): Signal {
  switch (node.name) {
    case "ParenExpr":
      return signalOf(expr, onlyChild(node), context);
    case "VectorSelector":
      return gaugeSignal(selectorLeaf(expr, node, context), 0);
    case "AggregateExpr":
      return aggregateSignal(expr, node, context);
    case "FunctionCall":
      return functionSignal(expr, node, context);
    case "BinaryExpr":
      return arithmeticSignal(expr, node, context);
    default:
      throw new Unsupported(`"${text(expr, node)}" is not a selector, an aggregation, a function or a ratio of them`);
  }
}

function gaugeSignal(leaf: Leaf, rangeMinutes: number): Signal {
  const name = seriesText(leaf.metric, leaf.seriesLabels);
  return { outputLabels: { ...leaf.seriesLabels }, rangeMinutes, leaf, series: (value, samples) => [{ series: name, values: steady(value, samples) }] };
}

function aggregateSignal(expr: string, node: SyntaxNode, context: Record<string, string>): Signal {
  const opName = node.getChild("AggregateOp")?.firstChild?.name ?? "";
  if (!VALUE_KEEPING_AGGREGATIONS.has(opName)) throw new Unsupported(`aggregation in "${text(expr, node)}" is not sum/avg/min/max`);
  const body = node.getChild("FunctionCallBody");
  if (!body) throw new Unsupported(`"${text(expr, node)}" has no argument`);
  const inner = signalOf(expr, onlyChild(body), context);
  const modifier = node.getChild("AggregateModifier");
  const grouping = modifier ? modifier.getChild("GroupingLabels")?.getChildren("LabelName").map((n) => text(expr, n)) ?? [] : [];
  const without = modifier?.getChild("Without") != null;
  const outputLabels: Record<string, string> = {};
  for (const [name, value] of Object.entries(inner.outputLabels)) {
    if (grouping.includes(name) !== without) outputLabels[name] = value;
  }
  return { ...inner, outputLabels, aggregation: opName };
}

function functionSignal(expr: string, node: SyntaxNode, context: Record<string, string>): Signal {
  const fn = node.getChild("FunctionIdentifier")?.firstChild?.name ?? "";
  if (fn === "HistogramQuantile") return quantileSignal(expr, node, context);
  if (!VALUE_KEEPING_FUNCTIONS.has(fn) && !COUNTER_FUNCTIONS.has(fn)) {
    throw new Unsupported(`function in "${text(expr, node)}" is not avg/min/max/last_over_time, rate, irate, increase or histogram_quantile`);
  }
  const matrix = node.getChild("FunctionCallBody")?.getChild("MatrixSelector");
  const vector = matrix?.getChild("VectorSelector");
  const range = matrix?.getChild("DurationExpr");
  const seconds = range ? durationSeconds(text(expr, range)) : undefined;
  if (!vector || seconds === undefined || seconds < 120 || seconds % 60 !== 0) {
    throw new Unsupported(`"${text(expr, node)}" is not a function of one range selector of whole minutes (at least 2m)`);
  }
  const leaf = selectorLeaf(expr, vector, context);
  if (!COUNTER_FUNCTIONS.has(fn)) return gaugeSignal(leaf, seconds / 60);
  // A counter rising `slope` a minute: rate and irate give slope/60 per second,
  // increase gives slope × range minutes.
  const slope = fn === "Increase" ? (value: number) => value / (seconds / 60) : (value: number) => value * 60;
  const name = seriesText(leaf.metric, leaf.seriesLabels);
  return {
    outputLabels: { ...leaf.seriesLabels },
    rangeMinutes: seconds / 60,
    min: 0,
    leaf,
    computed: true,
    series: (value, samples) => [{ series: name, values: counter(slope(value), samples) }],
  };
}

/**
 * `histogram_quantile(φ, <rate of buckets>)`: every observation in one bucket
 * whose upper bound is value/φ, which Prometheus interpolates to the value.
 */
function quantileSignal(expr: string, node: SyntaxNode, context: Record<string, string>): Signal {
  const [phiNode, bucketsNode, ...rest] = children(node.getChild("FunctionCallBody")!).filter((c) => c.name !== "," && c.name !== "(" && c.name !== ")");
  const phi = phiNode ? numberOf(expr, phiNode) : undefined;
  if (phi === undefined || !(phi > 0 && phi < 1) || !bucketsNode || rest.length > 0) {
    throw new Unsupported(`"${text(expr, node)}" is not histogram_quantile of a number between 0 and 1 and one bucket rate`);
  }
  // Bucket series carry `le`; the aggregation must keep it.
  const buckets = signalOf(expr, bucketsNode, { ...context, le: "+Inf" });
  const leaf = buckets.leaf;
  if (!leaf || buckets.min !== 0 || !("le" in buckets.outputLabels) || !leaf.metric.endsWith("_bucket")) {
    throw new Unsupported(`"${text(expr, bucketsNode)}" is not the rate of one histogram's _bucket series, keeping le`);
  }
  const { le: _le, ...outputLabels } = buckets.outputLabels;
  const bucket = (le: string, samples: number) => ({ series: seriesText(leaf.metric, { ...leaf.seriesLabels, le }), values: counter(60, samples) });
  return {
    outputLabels,
    rangeMinutes: buckets.rangeMinutes,
    min: 0,
    series: (value, samples) => [bucket(String(boundFor(value, phi)), samples), bucket("+Inf", samples)],
  };
}

/**
 * The bucket bound Prometheus interpolates to `value` (bound x phi): the
 * shortest decimal when it gives the value exactly, else the exact quotient,
 * so a `{{ $value }}` the alert prints is the value the test expects.
 */
function boundFor(value: number, phi: number): number {
  const short = tidy(value / phi);
  return short * phi === value ? short : value / phi;
}

/** `a / b` (the share of one counter, or of two), `x * k`, `x / k`, `k * x`. */
function arithmeticSignal(expr: string, node: SyntaxNode, context: Record<string, string>): Signal {
  const [left, opNode, right, ...extra] = children(node);
  if (!left || !opNode || !right || extra.length > 0) throw new Unsupported(`modifiers in "${text(expr, node)}" are not derivable`);
  const op = opNode.name;
  const leftNumber = numberOf(expr, left);
  const rightNumber = numberOf(expr, right);
  if (op === "Mul" && (leftNumber !== undefined || rightNumber !== undefined)) {
    const factor = (leftNumber ?? rightNumber)!;
    return scaled(signalOf(expr, leftNumber === undefined ? left : right, context), factor);
  }
  if (op === "Div" && rightNumber !== undefined) return scaled(signalOf(expr, left, context), 1 / rightNumber);
  if (op === "Div" && leftNumber === undefined) return ratio(signalOf(expr, left, context), signalOf(expr, right, context), text(expr, node));
  throw new Unsupported(`"${text(expr, node)}" is not a ratio of two signals or a signal times a number`);
}

function scaled(inner: Signal, factor: number): Signal {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new Unsupported(`scaling by ${factor} is not derivable`);
  return {
    outputLabels: inner.outputLabels,
    rangeMinutes: inner.rangeMinutes,
    ...(inner.min !== undefined ? { min: inner.min * factor } : {}),
    ...(inner.max !== undefined ? { max: inner.max * factor } : {}),
    ...(inner.computed ? { computed: true } : {}),
    series: (value, samples) => inner.series(value / factor, samples),
  };
}

/**
 * `numerator / denominator` with the denominator held at 1. When both read
 * the same metric and the denominator's selector also takes the numerator's
 * series (errors over all requests), both must be summed, and the rest of the
 * denominator is fed `1 - value`: the ratio is then a share, at most 1.
 */
function ratio(numerator: Signal, denominator: Signal, where: string): Signal {
  if (!sameLabels(numerator.outputLabels, denominator.outputLabels)) {
    throw new Unsupported(`the two sides of "${where}" give different labels (${JSON.stringify(numerator.outputLabels)} and ${JSON.stringify(denominator.outputLabels)}), so they never match`);
  }
  const [n, d] = [numerator.leaf, denominator.leaf];
  if (!n || !d) throw new Unsupported(`each side of "${where}" must read one selector`);
  if (selects(n, d) || seriesText(n.metric, n.seriesLabels) === seriesText(d.metric, d.seriesLabels)) {
    throw new Unsupported(`the numerator of "${where}" also selects the denominator's series`);
  }
  const share = selects(d, n);
  if (share && (numerator.aggregation !== "Sum" || denominator.aggregation !== "Sum")) {
    throw new Unsupported(`"${where}" divides part of a metric by all of it without sum on both sides`);
  }
  if (!share && denominator.min !== undefined && denominator.min > 1) throw new Unsupported(`the denominator of "${where}" cannot be 1`);
  return {
    outputLabels: numerator.outputLabels,
    rangeMinutes: Math.max(numerator.rangeMinutes, denominator.rangeMinutes),
    ...(share ? { min: 0, max: 1 } : numerator.min !== undefined ? { min: numerator.min } : {}),
    computed: true,
    series: (value, samples) => [...numerator.series(value, samples), ...denominator.series(share ? tidy(1 - value) : 1, samples)],
  };
}

/** Whether `selector`'s matchers take `other`'s series. */
function selects(selector: Leaf, other: Leaf): boolean {
  if (selector.metric !== other.metric) return false;
  return selector.matchers.every(([name, op, value]) => {
    const actual = other.seriesLabels[name] ?? "";
    if (op === "EqlSingle") return actual === value;
    if (op === "Neq") return actual !== value;
    const matches = fullyMatches(value, actual) ?? true;
    return op === "EqlRegex" ? matches : !matches;
  });
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

function selectorLeaf(expr: string, node: SyntaxNode, context: Record<string, string>): Leaf {
  let metric = node.getChild("Identifier") ? text(expr, node.getChild("Identifier")!) : "";
  const labels: Record<string, string> = { ...context };
  const matchers: Leaf["matchers"] = [];
  for (const matcher of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
    const name = text(expr, matcher.getChild("LabelName")!);
    const op = matcher.getChild("MatchOp")?.firstChild?.name ?? "";
    const value = stringOf(expr, matcher.getChild("StringLiteral"));
    const fromContext = context[name] !== undefined && context[name] !== value ? context[name] : undefined;
    delete labels[name];
    if (name !== "__name__") matchers.push([name, op, value]);
    if (name === "__name__" && op === "EqlSingle") metric = value;
    else if (op === "EqlSingle") labels[name] = value;
    else if (op === "Neq" && (fromContext !== undefined || value === "")) labels[name] = fromContext ?? "example";
    else if (op === "EqlRegex") {
      const example = fromContext !== undefined && fullyMatches(value, fromContext) ? fromContext : exampleMatching(value);
      if (example === undefined) throw new Unsupported(`label matcher "${text(expr, matcher)}" is not derivable (no example value for its regular expression)`);
      if (example !== "") labels[name] = example;
    } else if (op === "NeqRegex") {
      const fallback = fromContext ?? "";
      const matches = fullyMatches(value, fallback);
      if (matches === undefined) throw new Unsupported(`label matcher "${text(expr, matcher)}" is not derivable`);
      if (matches) {
        if (fullyMatches(value, "example")) throw new Unsupported(`label matcher "${text(expr, matcher)}" is not derivable`);
        labels[name] = "example";
      } else if (fallback !== "") labels[name] = fallback;
    } else if (op !== "Neq") throw new Unsupported(`label matcher "${text(expr, matcher)}" is not derivable`);
  }
  if (node.getChild("LabelMatchers")?.getChild("QuotedLabelMatcher") || node.getChild("LabelMatchers")?.getChild("QuotedLabelName")) {
    throw new Unsupported(`quoted label names in "${text(expr, node)}" are not derivable`);
  }
  if (!metric) throw new Unsupported(`selector "${text(expr, node)}" names no metric`);
  return { metric, seriesLabels: labels, matchers };
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
