/** One alert as the catalogs describe it, and how it becomes a routed, documented rule. */
import { withScenarios, type RuleScenarios, type Severity, type TestedAlertingRule } from "./rule-types";

/** What an alert says and when, as built-in catalogs and service configuration both describe it. */
export interface AlertText {
  expr: string;
  /** Prometheus duration the condition must hold before the alert fires. */
  for: string;
  severity: Severity;
  /** Templates: `{{ $labels.x }}` and `{{ $value | humanize* }}` (see annotation-template.ts). */
  summary: string;
  description: string;
  /** Extra static labels beyond severity and routing. */
  labels?: Record<string, string>;
}

export interface AlertDefinition extends AlertText {
  alert: string;
  /** Built when tests are generated, not with the rule: most of a rule's weight is its scenarios. */
  scenarios: () => RuleScenarios;
}

/** Labels Alertmanager routes on (team, environment, and service/namespace for service alerts). */
export interface Routing {
  labels: Record<string, string>;
  runbookBaseUrl: string;
}

export function buildRule(def: AlertDefinition, routing: Routing): TestedAlertingRule {
  return withScenarios(
    {
      alert: def.alert,
      expr: def.expr,
      for: def.for,
      labels: { severity: def.severity, ...routing.labels, ...def.labels },
      annotations: {
        summary: def.summary,
        description: def.description,
        runbook_url: runbookUrl(routing.runbookBaseUrl, def.alert),
      },
    },
    def.scenarios,
  );
}

/** Alert names repeat for every service; compute each slug once. */
const slugs = new Map<string, string>();

/** `https://runbooks/x` + `GPUMemoryNearlyFull` -> `https://runbooks/x/gpu-memory-nearly-full`. */
export function runbookUrl(base: string, alert: string): string {
  let slug = slugs.get(alert);
  if (slug === undefined) {
    slug = alert.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2").toLowerCase();
    slugs.set(alert, slug);
  }
  return `${base.endsWith("/") ? base.replace(/\/+$/, "") : base}/${slug}`;
}

/** `0.05` -> `5%` for descriptions of fixed thresholds. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}

/** Series long enough for an evaluation at `evalMinutes`. */
export function seriesMinutes(evalMinutes: number): number {
  return evalMinutes + 5;
}
