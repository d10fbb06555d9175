/**
 * Alerts a team writes itself: per service (`services.<name>.alerts`) and, for
 * what belongs to no service (nodes, volumes, the cluster), per environment in
 * named groups of a team (`monitoring.alertGroups`). Both are PromQL with
 * `for`, severity and annotations, parsed and promtool-tested like every alert.
 */
import { Type } from "@sinclair/typebox";
import { AlertTestsSchema } from "./alert-tests";
import { Choice, Dns, Duration, StringMap, Strict } from "./primitives";

export const CustomAlert = Strict({
  name: Type.String({ pattern: "^[A-Z][A-Za-z0-9]*$", description: "alert name, CamelCase" }),
  expr: Type.String({ minLength: 1, description: "PromQL expression" }),
  for: Duration("how long the condition must hold"),
  severity: Choice(["critical", "warning", "info"] as const),
  summary: Type.String({ minLength: 1 }),
  description: Type.String({ minLength: 1 }),
  labels: StringMap("extra labels"),
  tests: Type.Optional(AlertTestsSchema),
});

const AlertGroup = Strict({
  name: Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 56, description: "group name; the PrometheusRule is <name>-alerts" }),
  team: Type.String({ minLength: 1, description: "team the alerts are routed to (their team label)" }),
  namespace: Type.Optional(Dns("namespace of the PrometheusRule, one of the environment's (default: its only one)")),
  interval: Type.Optional(Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", description: "how often Prometheus evaluates the group (default: monitoring.ruleInterval)" })),
  rules: Type.Array(CustomAlert, { minItems: 1 }),
});

/** Environment-level alert groups; these fields join `monitoring`. */
export const ALERT_GROUP_FIELDS = {
  alertGroups: Type.Array(AlertGroup, { default: [], description: "alerts of no service (nodes, volumes, the cluster), in named groups of a team" }),
};
