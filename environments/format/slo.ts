/**
 * Service level objectives as SRE teams alert on them: a request-based
 * objective over a window (burn-rate alerts), error-ratio and latency
 * thresholds per severity, each with its own `for`, for any number of latency
 * histograms; and the replica-availability threshold under a name that says
 * what it measures. These fields join the service's `slo` block.
 */
import { Type } from "@sinclair/typebox";

const Strict = <T extends Parameters<typeof Type.Object>[0]>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });
const PromDuration = (description: string, dflt?: string) =>
  Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", description, ...(dflt ? { default: dflt } : {}) });
const Ratio = (description: string) => Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description });
const Threshold = (value: ReturnType<typeof Type.Number>, dfltFor: string) =>
  Strict({ value, for: PromDuration("how long the threshold must be crossed before the alert fires", dfltFor) });

/** A ratio of failed requests per severity: warning below critical. */
const ErrorThresholds = Strict(
  {
    warning: Type.Optional(Threshold(Ratio("share of 5xx responses that warns (0..1)"), "5m")),
    critical: Type.Optional(Threshold(Ratio("share of 5xx responses that pages (0..1)"), "5m")),
  },
  { description: "error-ratio thresholds per severity, e.g. warning 5%, critical 10%" },
);

const LatencyObjective = Strict({
  histogram: Type.Optional(Type.String({ pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", description: "histogram metric, without _bucket (default: metrics.latencyHistogram)" })),
  quantile: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95, description: "quantile compared with the thresholds" }),
  warning: Type.Optional(Threshold(Type.Number({ exclusiveMinimum: 0, maximum: 3600, description: "seconds that warn" }), "5m")),
  critical: Type.Optional(Threshold(Type.Number({ exclusiveMinimum: 0, maximum: 3600, description: "seconds that page" }), "5m")),
});

export const SLO_FIELDS = {
  replicaAvailability: Type.Optional(Ratio("share of desired replicas that must be available (0..1); `availability` is its older name")),
  requests: Type.Optional(
    Strict(
      {
        objective: Ratio("share of requests that must succeed over the window, e.g. 0.999"),
        window: PromDuration("the SLO window, e.g. 30d (at least 3d, the slow-burn window)", "30d"),
      },
      { description: "request-based availability SLO: multi-window, multi-burn-rate alerts and their recording rules" },
    ),
  ),
  errors: Type.Optional(ErrorThresholds),
  latency: Type.Array(LatencyObjective, { default: [], description: "latency thresholds per histogram and severity" }),
};
