/**
 * promtool tests of a service, cheaply for many services: services of one
 * shape (same SLOs, metrics, GPU use, custom alerts, team, environment) get the
 * same tests but for their names, so the text is built once per shape with
 * placeholder names and then filled in.
 */
import { serviceRuleGroups, type ServiceAlertInput } from "./alert-rules";
import { promtoolTestsText } from "./promtool-tests";
import { NAMESPACE_PLACEHOLDER as NAMESPACE, PlaceholderText, SERVICE_PLACEHOLDER as SERVICE } from "../placeholder-text";

const MAX_SHAPES = 1_000;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const byShape = new Map<string, PlaceholderText>();

/**
 * The same text as `promtoolTestsText(serviceRuleGroups(input), ruleFileName)`.
 * Call serviceRuleFile(input) first: it reports bad input with the real names.
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
  let text = byShape.get(key);
  if (text === undefined) {
    text = new PlaceholderText(promtoolTestsText(serviceRuleGroups({ ...shape, namespace: NAMESPACE, service: SERVICE }), ruleFileName), [NAMESPACE, SERVICE]);
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    byShape.set(key, text);
  }
  return text.fill([namespace, service]);
}
