/**
 * A service's rule groups as its PrometheusRule carries them, cheaply for
 * many services: services of one shape (same SLOs, metrics, custom alerts,
 * team, environment) get the same rules but for their names, so the groups
 * are built once per shape with placeholder names, kept as JSON text, and
 * filled for each service.
 */
import { UserError } from "../../environments/source/errors";
import { PlaceholderText } from "../placeholder-text";
import { ruleFile, serviceRuleGroups, type PlainRuleGroup, type ServiceAlertInput } from "./alert-rules";

// Placeholders that are valid names and need no escaping in JSON or PromQL.
const NAMESPACE = "gitopsforgenamespaceplaceholder";
const SERVICE = "gitopsforgeserviceplaceholder";
const MAX_SHAPES = 1_000;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const byShape = new Map<string, PlaceholderText>();

/** The same groups as `ruleFile(serviceRuleGroups(input)).groups`. */
export function serviceRuleFileGroups(input: ServiceAlertInput): PlainRuleGroup[] {
  const { source: _source, namespace, service, ...shape } = input;
  const key = JSON.stringify(shape);
  if (!DNS_LABEL.test(namespace) || !DNS_LABEL.test(service) || key.includes(NAMESPACE) || key.includes(SERVICE)) {
    return ruleFile(serviceRuleGroups(input)).groups;
  }
  let text = byShape.get(key);
  if (text === undefined) {
    try {
      text = new PlaceholderText(JSON.stringify(ruleFile(serviceRuleGroups({ ...shape, namespace: NAMESPACE, service: SERVICE })).groups), [NAMESPACE, SERVICE]);
    } catch (err) {
      // Bad input is reported with the service's own names.
      if (err instanceof UserError) return ruleFile(serviceRuleGroups(input)).groups;
      throw err;
    }
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    byShape.set(key, text);
  }
  return JSON.parse(text.fill([namespace, service])) as PlainRuleGroup[];
}
