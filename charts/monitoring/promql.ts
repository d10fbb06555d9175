/**
 * In-process PromQL checking: the Prometheus project's own Lezer grammar and
 * the type checker of its CodeMirror mode, so a broken expression is reported
 * with file and alert name before any rule file is written.
 */
import { UserError } from "../../environments/source/errors";

export interface PromQLLocation {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  alert: string;
}

/**
 * The CodeMirror packages, loaded on first use: they take longer to load than
 * a small synth takes, and most environments declare no custom PromQL. All
 * CommonJS builds, so they share one @codemirror/state (its instanceof checks
 * break across two copies).
 */
let loaded: ReturnType<typeof load> | undefined;
function promql() {
  return (loaded ??= load());
}
function load() {
  const { EditorState } = require("@codemirror/state") as typeof import("@codemirror/state");
  const { ensureSyntaxTree, syntaxTree } = require("@codemirror/language") as typeof import("@codemirror/language");
  const { LanguageType, promQLLanguage } = require("@prometheus-io/codemirror-promql/dist/cjs/promql") as typeof import("@prometheus-io/codemirror-promql/dist/esm/promql");
  const { Parser } = require("@prometheus-io/codemirror-promql/dist/cjs/parser") as typeof import("@prometheus-io/codemirror-promql/dist/esm/parser");
  const { ValueType } = require("@prometheus-io/codemirror-promql/dist/cjs/types") as typeof import("@prometheus-io/codemirror-promql/dist/esm/types");
  return { EditorState, ensureSyntaxTree, syntaxTree, Parser, ValueType, language: promQLLanguage(LanguageType.PromQL) };
}
/** Parsing a rule expression is far below this; the bound only guards against pathological input. */
const PARSE_BUDGET_MS = 2000;

export interface PromQLProblem {
  message: string;
  offset: number;
}

/**
 * Services built from shared defaults repeat the same custom expressions;
 * checking is pure, so each distinct text is checked once (bounded memory).
 */
const checked = new Map<string, PromQLProblem | undefined>();
const MAX_CACHED = 10_000;

/** The first problem of an expression, or undefined when it parses and type-checks. */
export function promQLProblem(expr: string): PromQLProblem | undefined {
  if (checked.has(expr)) return checked.get(expr);
  const problem = uncachedProblem(expr);
  if (checked.size >= MAX_CACHED) checked.clear();
  checked.set(expr, problem);
  return problem;
}

function uncachedProblem(expr: string): PromQLProblem | undefined {
  if (expr.trim() === "") return { message: "expression is empty", offset: 0 };
  const { EditorState, ensureSyntaxTree, syntaxTree, Parser, ValueType, language } = promql();
  const initial = EditorState.create({ doc: expr, extensions: language });
  // A new editor state parses only within a small time and length budget and
  // keeps that (maybe partial) tree; finish the parse, then take a state that
  // holds the finished tree, or a busy machine would see phantom errors.
  if (!ensureSyntaxTree(initial, expr.length, PARSE_BUDGET_MS)) return { message: "expression is too complex to parse", offset: 0 };
  const state = initial.update({}).state;
  const tree = syntaxTree(state);
  if (tree.length !== expr.length) return { message: "expression is too complex to parse", offset: 0 };
  const checker = new Parser(state);
  checker.analyze();
  const diagnostic = checker.getDiagnostics().find((d) => d.severity === "error");
  if (diagnostic) return { message: diagnostic.message, offset: diagnostic.from };
  // The checker skips a syntax error at the very end (it expects an editor user
  // to be still typing); a rule file is finished text, so any error node counts.
  let errorAt: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
      return errorAt === undefined;
    },
  });
  if (errorAt !== undefined) return { message: "syntax error", offset: errorAt };
  const type = checker.checkAST(tree.topNode.firstChild);
  if (type !== ValueType.vector && type !== ValueType.scalar) {
    return { message: `an alert expression must give an instant vector or a scalar, not a ${type}`, offset: 0 };
  }
  return undefined;
}

/**
 * Throws a UserError naming file, field and alert when `expr` is not a valid
 * alert expression. `where` may be a function: positions are then looked up
 * only for a bad expression (finding a line can mean re-parsing the file).
 */
export function checkPromQL(expr: string, where: PromQLLocation | (() => PromQLLocation)): void {
  const problem = promQLProblem(expr);
  if (!problem) return;
  const { alert, ...location } = typeof where === "function" ? where() : where;
  const near = expr.slice(problem.offset, problem.offset + 30);
  throw new UserError(
    `alert "${alert}": invalid PromQL: ${problem.message} at character ${problem.offset + 1}` +
      (near ? ` (near "${near}")` : "") +
      ` in ${JSON.stringify(expr)}`,
    location,
  );
}
