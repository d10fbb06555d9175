/**
 * promtool tests of a service, cheaply for many services: services of one
 * shape (same SLOs, metrics, GPU use, custom alerts, team, environment) get the
 * same tests but for their names, so the text is built once per shape with
 * placeholder names and then filled in.
 */
import { serviceRuleGroups, type ServiceAlertInput } from "./alert-rules";
import { promtoolTestsText } from "./promtool-tests";

// Placeholders that are valid names, need no escaping in JSON, PromQL or regular expressions.
const NAMESPACE = "gitopsforgenamespaceplaceholder";
const SERVICE = "gitopsforgeserviceplaceholder";
const MAX_SHAPES = 1_000;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A shape's test text split at the placeholders: text, name, text, name, ..., text. */
const byShape = new Map<string, string[]>();
const PLACEHOLDER = new RegExp(`(${NAMESPACE}|${SERVICE})`);

/**
 * The same text as `promtoolTestsText(serviceRuleGroups(input), ruleFileName)`.
 * Call serviceRuleGroups(input) first: it reports bad input with the real names.
 */
export function servicePromtoolTests(input: ServiceAlertInput, ruleFileName: string): string {
  const { source: _source, namespace, service, ...shape } = input;
  const key = JSON.stringify([shape, ruleFileName]);
  // Names go into the tests verbatim, except where a custom expression matches
  // on the namespace (derived series compare with it) or a name would need
  // escaping: build those services directly.
  const customExprs = (input.customAlerts ?? []).map((a) => a.expr).join("\n");
  const direct =
    !DNS_LABEL.test(namespace) ||
    !DNS_LABEL.test(service) ||
    customExprs.includes(namespace) ||
    key.includes(NAMESPACE) ||
    key.includes(SERVICE);
  if (direct) return promtoolTestsText(serviceRuleGroups(input), ruleFileName);
  let pieces = byShape.get(key);
  if (pieces === undefined) {
    pieces = promtoolTestsText(serviceRuleGroups({ ...shape, namespace: NAMESPACE, service: SERVICE }), ruleFileName).split(PLACEHOLDER);
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    byShape.set(key, pieces);
  }
  // One pass over the pieces rather than a scan of the whole text per name.
  return pieces.map((piece) => (piece === NAMESPACE ? namespace : piece === SERVICE ? service : piece)).join("");
}
