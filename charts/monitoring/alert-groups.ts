/**
 * The environment's own alert groups (`monitoring.alertGroups`): alerts of no
 * service (nodes, volumes, the cluster) that a team keeps in the same GitOps
 * repository. Each group becomes a PrometheusRule `<name>-alerts` with its
 * promtool tests; its alerts are checked as a service's custom alerts are, and
 * carry the group's team and the environment, never a service or namespace.
 */
import { UserError, type SourceLocation } from "../../environments/source/errors";
import { NAMESPACE_OBJECT_NAMES, type ResolvedEnvironment } from "../../environments/schema";
import { buildRule, type Routing } from "./alert-definition";
import { ROUTING_LABELS } from "./alert-rules";
import { customAlertDefinition } from "./custom-alerts";
import type { RuleGroup } from "./rule-types";

type AlertGroupConfig = ResolvedEnvironment["monitoring"]["alertGroups"][number];
type Locate = (path: ReadonlyArray<string | number>) => SourceLocation;

/** One group's PrometheusRule: where it goes and what it holds. */
export interface AlertGroupRule {
  name: string;
  namespace: string;
  groups: RuleGroup[];
}

/** Every group of the environment, checked: names, namespaces, PromQL, annotations and promtool tests. */
export function alertGroupRules(env: ResolvedEnvironment, locate: Locate): AlertGroupRule[] {
  const groups = env.monitoring.alertGroups;
  if (groups.length > 0 && !env.monitoring.enabled) {
    throw new UserError("alert groups need monitoring: monitoring.enabled is false in this environment", at(locate, ["monitoring", "alertGroups"]));
  }
  const seen = new Set<string>();
  return groups.map((group, g) => {
    const path = ["monitoring", "alertGroups", g];
    const namespace = groupNamespace(env, group, (...rest) => at(locate, [...path, ...rest]));
    const name = `${group.name}-alerts`;
    if (seen.has(`${namespace}/${name}`)) throw new UserError(`alert group "${group.name}" is already defined in namespace ${namespace}`, at(locate, [...path, "name"]));
    seen.add(`${namespace}/${name}`);
    if (name === NAMESPACE_OBJECT_NAMES.workloadAlerts || env.services.some((s) => s.namespace === namespace && s.name === name)) {
      throw new UserError(`the PrometheusRule ${namespace}/${name} is generated already: pick another group name`, at(locate, [...path, "name"]));
    }
    return { name, namespace, groups: [ruleGroup(env, group, namespace, (rest) => at(locate, [...path, "rules", ...rest.slice(1)]))] };
  });
}

function ruleGroup(env: ResolvedEnvironment, group: AlertGroupConfig, namespace: string, field: (path: Array<string | number>) => SourceLocation): RuleGroup {
  const reserved = new Set(ROUTING_LABELS);
  const definitions = group.rules.map((alert, i) => {
    // The same checks as a service's custom alerts; `field` maps their ["alerts", i, ...] paths into the group.
    const definition = customAlertDefinition(alert, i, namespace, reserved, field);
    reserved.add(alert.name);
    return definition;
  });
  const routing: Routing = { labels: { team: group.team, environment: env.name }, runbookBaseUrl: env.monitoring.runbookBaseUrl };
  const interval = group.interval ?? env.monitoring.ruleInterval;
  return { name: group.name, ...(interval ? { interval } : {}), rules: definitions.map((d) => buildRule(d, routing)) };
}

function groupNamespace(env: ResolvedEnvironment, group: AlertGroupConfig, field: (...path: Array<string | number>) => SourceLocation): string {
  const namespaces = Object.keys(env.namespaces);
  if (group.namespace === undefined) {
    if (namespaces.length === 1) return namespaces[0]!;
    throw new UserError(`set namespace to one of the environment's namespaces (${namespaces.join(", ")})`, field());
  }
  if (!namespaces.includes(group.namespace)) throw new UserError(`namespace "${group.namespace}" is not one of the environment's namespaces (${namespaces.join(", ")})`, field("namespace"));
  return group.namespace;
}

function at(locate: Locate, path: ReadonlyArray<string | number>): SourceLocation {
  return { ...locate(path), path: path.join(".") };
}
