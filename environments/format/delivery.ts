/**
 * Progressive delivery of a service's new versions with Argo Rollouts: a
 * canary that shifts traffic step by step, or a blue-green switch after a
 * preview, each gated by an analysis of the service's SLOs in Prometheus.
 */
import { Type } from "@sinclair/typebox";
import { Choice, Dns, GoDuration, Ratio, Strict } from "./primitives";
import { IntOrPercent } from "./rollout";

/** The pause a person ends (`kubectl argo rollouts promote`). */
export const UNTIL_PROMOTED = "untilPromoted";

const CanaryStep = Strict(
  {
    setWeight: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "share of the traffic (or of the replicas) the new version gets, in %" })),
    pause: Type.Optional(
      Type.String({ pattern: `^(([0-9]+(s|m|h))+|${UNTIL_PROMOTED})$`, description: `how long to wait at this weight (e.g. 10m), or ${UNTIL_PROMOTED}: until a person promotes` }),
    ),
  },
  { description: "one step: setWeight or pause" },
);

const Canary = Strict(
  {
    steps: Type.Array(CanaryStep, { minItems: 1, description: "the traffic ramp, e.g. setWeight 10, pause 5m, setWeight 50, pause 10m" }),
    maxSurge: Type.Optional(IntOrPercent("pods above the desired count while the canary runs (Argo Rollouts default 25%)")),
    maxUnavailable: Type.Optional(IntOrPercent("pods below the desired count while the canary runs (Argo Rollouts default 25%)")),
    ingressClass: Type.Optional(
      Type.String({ minLength: 1, description: "ingress class that splits the traffic (default: the service's ingress class); the canary Ingress Argo Rollouts writes copies the service's Ingress" }),
    ),
  },
  { description: "canary: the new version takes a growing share of the traffic, through the NGINX ingress where the service has an ingress, by replica count otherwise" },
);

const BlueGreen = Strict(
  {
    previewService: Type.Optional(Dns("Service that reaches the new version before promotion (e.g. <service>-green)")),
    previewReplicaCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "replicas of the new version before promotion (default: all)" })),
    autoPromotionEnabled: Type.Optional(Type.Boolean({ description: "switch traffic as soon as the new version is ready and its analysis passed (default true); false: a person promotes" })),
    scaleDownDelaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400, description: "seconds the old version keeps running after the switch, for a quick rollback (default 30)" })),
  },
  { description: "blue-green: the new version runs beside the old behind a preview Service, then the active Service switches to it" },
);

const InputSeries = Strict({
  series: Type.String({ minLength: 1, description: 'series in PromQL notation with exact labels, e.g. model_accuracy{service="x"}' }),
  values: Type.String({ minLength: 1, description: "promtool's expanding notation, e.g. 0.95x20" }),
});

const AnalysisMetric = Strict({
  name: Dns("metric name in the AnalysisTemplate (e.g. model-accuracy)"),
  query: Type.String({ minLength: 1, description: "PromQL giving one number; {{args.pod-template-hash}} names the new version's pods (the label rollouts_pod_template_hash)" }),
  failAbove: Type.Optional(Type.Number({ description: "the new version fails when the result is above this" })),
  failBelow: Type.Optional(Type.Number({ description: "the new version fails when the result is below this" })),
  tests: Strict(
    {
      healthy: Type.Array(InputSeries, { minItems: 1, description: "series on which the query passes" }),
      failing: Type.Array(InputSeries, { minItems: 1, description: "series on which the query fails" }),
    },
    { description: "promtool series (1m apart; {{args.pod-template-hash}} reads as canary): the query must pass on the healthy ones and fail on the failing ones" },
  ),
});

const Analysis = Strict(
  {
    enabled: Type.Optional(Type.Boolean({ description: "false: no analysis (the new version is promoted on its steps alone)" })),
    interval: Type.Optional(GoDuration("time between measurements (default 1m)")),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "measurements before a blue-green promotion (default 5); a canary measures until it completes" })),
    failureLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: "failed measurements tolerated before the rollout aborts (default 0)" })),
    errorRatio: Type.Optional(Ratio("error ratio above which the new version fails (default and at most: slo.errorRatio)")),
    latencyP95Seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "p95 latency above which the new version fails (default and at most: slo.latencyP95Seconds)" })),
    prometheusAddress: Type.Optional(Type.String({ pattern: "^https?://", description: "Prometheus the analysis queries (default: the Prometheus Operator's prometheus-operated Service in the monitoring namespace)" })),
    metrics: Type.Array(AnalysisMetric, { default: [], description: "more metrics to judge the new version on (model accuracy, GPU memory)" }),
  },
  { description: "the AnalysisTemplate that aborts and rolls back a new version failing the service's SLOs" },
);

export const DeliveryFields = {
  delivery: Type.Optional(Choice(["rollingUpdate", "canary", "blueGreen"] as const, { description: "how a new version replaces the old: rollingUpdate (a Deployment, the default), canary or blueGreen (an Argo Rollout)" })),
  canary: Type.Optional(Canary),
  blueGreen: Type.Optional(BlueGreen),
  analysis: Type.Optional(Analysis),
};
