/** A small environment with a CPU and a GPU service, read from YAML so errors carry lines. */
import { parseYamlMapping, type SourceDocument } from "../../environments/source/yaml-source";
import type { EnvironmentAlertInput, NamespaceAlertInput, ServiceAlertInput } from "../../charts/monitoring/alert-rules";

export const SAMPLE_FILE = "environments/alerts-sample.yaml";

export const SAMPLE_YAML = `team: ml-platform
runbookBaseUrl: https://runbooks.acme.example/ml-serving
veleroSchedules:
  - { name: daily, everySeconds: 86400 }
  - { name: models-hourly, everySeconds: 3600 }
  - { name: models-15m, everySeconds: 900 }
services:
  ranker:
    namespace: search
    gpu: false
    slo:
      errorRatio: 0.01
      latencyP95Seconds: 0.25
      availability: 0.9
    alerts:
      - name: DatabaseConnectionsHigh
        expr: 'pg_stat_activity_count{datname="ranker"} > 90'
        for: 10m
        severity: warning
        summary: "Database {{ $labels.datname }} is busy"
        description: "{{ $value }} connections are open to {{ $labels.datname }}."
        labels: { component: database }
      - name: QueueWaitShareHigh
        expr: sum by (namespace) (rate(ranker_queue_waits_total[5m])) / sum by (namespace) (rate(ranker_requests_total[5m])) > 0.5
        for: 5m
        severity: info
        summary: "Most ranker requests wait in the queue"
        description: "{{ $value | humanizePercentage }} of requests in {{ $labels.namespace }} waited."
        tests:
          - input_series:
              - { series: 'ranker_queue_waits_total{namespace="search"}', values: 0+6x20 126+45x20 }
              - { series: 'ranker_requests_total{namespace="search"}', values: 0+60x20 1260+60x20 }
            alert_rule_test:
              - { eval_time: 15m, exp_alerts: [] }
              - eval_time: 36m
                exp_alerts:
                  - exp_labels: { namespace: search }
                    exp_annotations:
                      summary: "Most ranker requests wait in the queue"
                      description: "75% of requests in search waited."
      - name: HighErrorRate
        expr: rate(http_requests_total{status=~"5.."}[5m]) > 0.1
        for: 5m
        severity: critical
        summary: High error rate detected
        description: "{{ $value | humanize }} errors/s with status {{ $labels.status }}."
      - name: ModelInferenceLatency
        expr: histogram_quantile(0.95, rate(inference_duration_seconds_bucket[5m])) > 1
        for: 5m
        severity: warning
        summary: Model inference latency is high
        description: "p95 inference latency is {{ $value | humanizeDuration }}."
      - name: ErrorShareHigh
        expr: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05
        for: 2m
        severity: warning
        summary: Too many failed requests
        description: "{{ $value | humanizePercentage }} of requests failed."
      - name: PodDown
        expr: up{job="ranker"} == 0
        for: 1m
        severity: critical
        summary: A ranker pod is down
        description: "{{ $labels.job }} is down."
  llm-chat:
    namespace: genai
    gpu: true
    metrics:
      requestsTotal: vllm_requests_total
      statusCodeLabel: status
      latencyHistogram: vllm_e2e_request_latency_seconds
    slo:
      errorRatio: 0.05
      latencyP95Seconds: 8
      replicaAvailability: 0.5
      requests: { objective: 0.999, window: 30d }
      errors:
        warning: { value: 0.05, for: 5m }
        critical: { value: 0.1, for: 2m }
      latency:
        - { histogram: vllm_time_to_first_token_seconds, warning: { value: 0.5 }, critical: { value: 1, for: 10m } }
        - { histogram: vllm_e2e_request_latency_seconds, quantile: 0.99, critical: { value: 30 } }
    alerts:
      - name: LlmChatTokenThroughputLow
        expr: sum by (namespace) (rate(llm_generated_tokens_total{job="llm-chat"}[10m])) < 50
        for: 15m
        severity: warning
        summary: LLM chat generates fewer than 50 tokens/s
        description: "Token throughput in {{ $labels.namespace }} is {{ $value | humanize }} tokens/s."
      - name: ModelAccuracyLow
        expr: avg by (model) (avg_over_time(model_accuracy{model="llama-3-8b"}[1h])) < 0.9
        for: 30m
        severity: critical
        summary: "Accuracy of {{ $labels.model }} dropped"
        description: "Online accuracy of {{ $labels.model }} is {{ $value | humanizePercentage }}."
`;

export interface Sample {
  doc: SourceDocument;
  ranker: ServiceAlertInput;
  llmChat: ServiceAlertInput;
  environment: EnvironmentAlertInput;
  /** Both services and one of another team sharing a namespace's workload rules. */
  namespace: NamespaceAlertInput;
}

type ServiceYaml = Omit<ServiceAlertInput, "environment" | "service" | "team" | "runbookBaseUrl" | "metricsPort" | "source"> & {
  alerts?: ServiceAlertInput["customAlerts"];
};

/** The sample (or `text`, an edited copy of it) as alert inputs. */
export function loadSample(text = SAMPLE_YAML): Sample {
  const doc = parseYamlMapping(SAMPLE_FILE, text);
  const value = doc.value as { team: string; runbookBaseUrl: string; veleroSchedules: EnvironmentAlertInput["veleroSchedules"]; services: Record<string, ServiceYaml> };
  const service = (name: string): ServiceAlertInput => {
    const { alerts, ...svc } = value.services[name]!;
    return {
      environment: "production",
      service: name,
      team: value.team,
      runbookBaseUrl: value.runbookBaseUrl,
      metricsPort: "metrics",
      ...svc,
      customAlerts: alerts,
      source: { file: SAMPLE_FILE, locate: doc.locate },
    };
  };
  return {
    doc,
    ranker: service("ranker"),
    llmChat: service("llm-chat"),
    environment: { environment: "production", team: value.team, runbookBaseUrl: value.runbookBaseUrl, veleroSchedules: value.veleroSchedules },
    namespace: {
      environment: "production",
      namespace: "serving",
      runbookBaseUrl: value.runbookBaseUrl,
      services: [
        { service: "ranker", team: value.team, gpu: false },
        { service: "llm-chat", team: value.team, gpu: true },
        { service: "ranker-canary", team: "search-quality", gpu: false },
      ],
    },
  };
}
