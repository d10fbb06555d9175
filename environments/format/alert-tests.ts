/**
 * promtool unit tests an environment gives for a custom alert whose test
 * series the tool cannot derive, in promtool's own terms (`promtool test
 * rules`): input series, evaluation times and the alerts expected then. The
 * alert's name and its routing labels are filled in; series, values and
 * times are checked before anything is written.
 */
import { Type, type Static } from "@sinclair/typebox";

const Strict = <T extends Parameters<typeof Type.Object>[0]>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });
const Labels = (description: string) => Type.Record(Type.String({ minLength: 1 }), Type.String(), { description });

const InputSeries = Strict({
  series: Type.String({ minLength: 1, description: 'series in PromQL notation with exact labels, e.g. http_requests_total{code="500"}' }),
  values: Type.String({ minLength: 1, description: "expanding notation, e.g. 0+10x30 or 1 1 _ stale" }),
});

const ExpectedAlert = Strict({
  exp_labels: Type.Optional(Labels("the expression's output labels (severity and routing labels are added)")),
  exp_annotations: Type.Optional(Labels("rendered summary and description (runbook_url is added); needed when they print $value")),
});

const AlertRuleTest = Strict({
  eval_time: Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", description: "time since the test's start, e.g. 15m" }),
  alertname: Type.Optional(Type.String({ description: "the alert's own name (may be left out)" })),
  exp_alerts: Type.Array(ExpectedAlert, { default: [], description: "alerts firing then; none for a quiet check" }),
});

export const AlertTestsSchema = Type.Array(
  Strict({
    interval: Type.Optional(Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", description: "time between samples (default 1m)" })),
    input_series: Type.Array(InputSeries, { default: [] }),
    alert_rule_test: Type.Array(AlertRuleTest, { minItems: 1 }),
  }),
  { minItems: 1, description: "promtool tests of the alert: at least one check where it fires and one where it stays quiet" },
);

export type AlertTestsConfig = Static<typeof AlertTestsSchema>;
