/**
 * A service's rule file (its PrometheusRule's spec), cheaply for many
 * services: services of one shape (same SLOs, metrics, custom alerts, team,
 * environment) get the same rules but for their names, so the file is built
 * once per shape with placeholder names and filled for each service (and,
 * being filled from a shape, rendered once per shape too).
 */
import { UserError } from "../../environments/source/errors";
import { JsonShapes } from "../json-shape";
import { NAMESPACE_PLACEHOLDER as NAMESPACE, SERVICE_PLACEHOLDER as SERVICE } from "../placeholder-text";
import { ruleFile, serviceRuleGroups, type RuleFile, type ServiceAlertInput } from "./alert-rules";

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const shapes = new JsonShapes([NAMESPACE, SERVICE]);

/** The same rule file as `ruleFile(serviceRuleGroups(input))`. */
export function serviceRuleFile(input: ServiceAlertInput): RuleFile {
  const { source: _source, namespace, service, ...shape } = input;
  const key = JSON.stringify(shape);
  if (!DNS_LABEL.test(namespace) || !DNS_LABEL.test(service) || key.includes(NAMESPACE) || key.includes(SERVICE)) {
    return ruleFile(serviceRuleGroups(input));
  }
  try {
    return shapes.fill(key, [namespace, service], ([ns, svc]) => ruleFile(serviceRuleGroups({ ...shape, namespace: ns!, service: svc! }))) as RuleFile;
  } catch (err) {
    // Bad input is reported with the service's own names.
    if (err instanceof UserError) return ruleFile(serviceRuleGroups(input));
    throw err;
  }
}
