/**
 * The part of Prometheus' alert template language that annotations here may
 * use, rendered exactly as Prometheus renders it. Keeping annotations to this
 * subset lets every generated promtool test state the annotations it expects.
 */
import { formatG, humanize, humanizeDuration, humanizePercentage } from "./go-format";

type Piece = { text: string } | { label: string } | { value: (v: number) => string };

const FORMATTERS: Record<string, (v: number) => string> = {
  humanize,
  humanizePercentage,
  humanizeDuration,
};

export const SUPPORTED_TEMPLATE_ACTIONS =
  "{{ $labels.<name> }}, {{ $value }}, {{ $value | humanize }}, {{ $value | humanizePercentage }}, " +
  '{{ $value | humanizeDuration }}, {{ printf "%.2f" $value }}';

/** Splits a template into text, label and value pieces; throws a message on anything else. */
export function parseAnnotationTemplate(template: string): Piece[] {
  const pieces: Piece[] = [];
  let rest = template;
  for (;;) {
    const open = rest.indexOf("{{");
    if (open < 0) break;
    const close = rest.indexOf("}}", open + 2);
    if (close < 0) throw new Error(`unclosed "{{" in "${template}"`);
    if (open > 0) pieces.push({ text: rest.slice(0, open) });
    pieces.push(parseAction(rest.slice(open + 2, close)));
    rest = rest.slice(close + 2);
  }
  if (rest.includes("}}")) throw new Error(`unmatched "}}" in "${template}"`);
  if (rest) pieces.push({ text: rest });
  return pieces;
}

function parseAction(raw: string): Piece {
  const action = raw.trim().replace(/\s+/g, " ");
  const label = /^(?:\$labels|\.Labels)\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(action);
  if (label) return { label: label[1]! };
  if (action === "$value" || action === ".Value") return { value: (v) => formatG(v) };
  const piped = /^(?:\$value|\.Value) \| (\w+)$/.exec(action) ?? /^(\w+) (?:\$value|\.Value)$/.exec(action);
  const formatter = piped ? FORMATTERS[piped[1]!] : undefined;
  if (formatter) return { value: formatter };
  const fixed =
    /^printf "%\.(\d{1,2})f" (?:\$value|\.Value)$/.exec(action) ?? /^(?:\$value|\.Value) \| printf "%\.(\d{1,2})f"$/.exec(action);
  if (fixed) return { value: (v) => v.toFixed(Number(fixed[1])) };
  throw new Error(`template action "{{${raw}}}" is not supported; use ${SUPPORTED_TEMPLATE_ACTIONS}`);
}

/** Built-in templates repeat for every service; parse each text once. */
const parsed = new Map<string, Piece[]>();

/** The annotation Prometheus produces for an alert with these series labels and value. */
export function renderAnnotation(template: string, labels: Record<string, string>, value: number): string {
  let pieces = parsed.get(template);
  if (!pieces) {
    pieces = parseAnnotationTemplate(template);
    parsed.set(template, pieces);
  }
  return pieces
    .map((piece) => ("text" in piece ? piece.text : "label" in piece ? labels[piece.label] ?? "" : piece.value(value)))
    .join("");
}
