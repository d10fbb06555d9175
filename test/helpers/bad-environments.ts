// Bad environment files, one problem each, with the error the loader must give (used by the synth and schema suites).

/** A valid dev environment; each case below breaks one thing in it. */
export const VALID_DEV = `extends: base
tier: development
cluster:
  name: ml-dev
  server: https://ml-dev.example
namespaces:
  ml-dev:
    quota: { cpu: "40", memory: 160Gi, gpu: 4 }
services:
  llm-chat:
    gpu: { pool: l4, count: 1 }
`;

export interface BadEnvironment {
  name: string;
  file?: string;
  text: string;
  /** Exact `file:line:col path` prefix expected in the error. */
  where: string;
  message: RegExp;
}

/** Each breaks one thing in VALID_DEV (environments/dev.yaml of a scratch copy of the samples). */
export const BAD_ENVIRONMENTS: BadEnvironment[] = [
  { name: "malformed YAML", text: VALID_DEV.replace("gpu: { pool: l4, count: 1 }", "gpu: { pool: l4, count: 1"), where: "environments/dev.yaml:12:1", message: /flow|expected|indent/i },
  { name: "an empty file", text: "", where: "environments/dev.yaml:1:1", message: /file is empty/ },
  { name: "an unknown key (with a suggestion)", text: VALID_DEV.replace("  llm-chat:\n", "  llm-chat:\n    imgae: { repository: x, tag: y }\n"), where: "environments/dev.yaml:11:5 services.llm-chat.imgae", message: /unknown field "imgae" \(did you mean "image"\?\)/ },
  { name: "a wrong type", text: VALID_DEV.replace("count: 1", 'count: "one"'), where: "environments/dev.yaml:11:22 services.llm-chat.gpu.count", message: /must be integer/ },
  { name: "an out-of-range value", text: VALID_DEV.replace("count: 1", "count: 0"), where: "environments/dev.yaml:11:22 services.llm-chat.gpu.count", message: /must be >= 1/ },
  { name: "a duplicate service name", text: VALID_DEV + "  llm-chat:\n    replicas: 3\n", where: "environments/dev.yaml:12:3", message: /unique/ },
  { name: "a service name that is not a DNS-1123 label", text: VALID_DEV + "  ../../etc:\n    replicas: 1\n", where: "environments/dev.yaml:12:3 services.../../etc", message: /not a valid name/ },
  { name: "a namespace name with upper case", text: VALID_DEV.replace("  ml-dev:\n", "  ML_Dev:\n"), where: "environments/dev.yaml:7:3 namespaces.ML_Dev", message: /not a valid name/ },
  {
    name: "a YAML alias bomb",
    text: `${VALID_DEV}a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    where: "environments/dev.yaml:13:8",
    message: /alias/,
  },
  { name: "a __proto__ key", text: VALID_DEV + "__proto__:\n  polluted: true\n", where: "environments/dev.yaml:12:1", message: /"__proto__" is not allowed/ },
  { name: "a constructor key", text: VALID_DEV.replace("services:\n", "services:\n  constructor: {}\n"), where: "environments/dev.yaml:10:3", message: /"constructor" is not allowed/ },
  { name: "extends of a missing parent", text: VALID_DEV.replace("extends: base", "extends: nowhere"), where: "environments/dev.yaml:1:1 extends", message: /environments\/nowhere\.yaml does not exist/ },
  { name: "cyclic extends", file: "base.yaml", text: "extends: dev\nabstract: true\n", where: "environments/base.yaml:1:1 extends", message: /cyclic extends: dev -> base -> dev/ },
  { name: "a GPU service naming an undefined pool", text: VALID_DEV.replace("pool: l4", "pool: h100"), where: "environments/dev.yaml:11:12 services.llm-chat.gpu.pool", message: /GPU pool "h100" is not defined under gpuPools \(a100, l4\)/ },
  { name: "a dependency on a missing service", text: VALID_DEV + "  search:\n    dependencies: { services: [ghost] }\n", where: "environments/dev.yaml:13:32 services.search.dependencies.services.0", message: /service "ghost" does not exist/ },
  { name: "a PDB that would block every eviction", text: VALID_DEV + "    availability: { minAvailable: 1 }\n", where: "environments/dev.yaml:12:21 services.llm-chat.availability.minAvailable", message: /must be < the minimum replicas \(1\)/ },
  { name: "an unpinned image", text: VALID_DEV + '    image: { repository: ghcr.io/acme/llm, tag: latest }\n', where: "environments/dev.yaml:12:44 services.llm-chat.image.tag", message: /not a pinned tag/ },
  { name: "too small a quota", text: VALID_DEV.replace("gpu: 4 }", "gpu: 1 }"), where: "environments/dev.yaml:8:40 namespaces.ml-dev.quota.gpu", message: /cannot hold the minimum replicas/ },
  { name: "an error ratio outside 0..1", text: VALID_DEV + "    slo: { errorRatio: 1.5 }\n", where: "environments/dev.yaml:12:12 services.llm-chat.slo.errorRatio", message: /must be < 1/ },
  { name: "a zero latency objective", text: VALID_DEV + "    slo: { latencyP95Seconds: 0 }\n", where: "environments/dev.yaml:12:12 services.llm-chat.slo.latencyP95Seconds", message: /must be > 0/ },
  { name: "a negative latency objective", text: VALID_DEV + "    slo: { latencyP95Seconds: -2 }\n", where: "environments/dev.yaml:12:12 services.llm-chat.slo.latencyP95Seconds", message: /must be > 0/ },
  { name: "an invalid cron expression", text: VALID_DEV + "backup: { schedule: \"61 * * * *\" }\n", where: "environments/dev.yaml:12:11 backup.schedule", message: /"61 \* \* \* \*" is not a valid cron expression/ },
  { name: "a cron that never fires", text: VALID_DEV + "backup: { schedule: \"0 0 31 2 *\" }\n", where: "environments/dev.yaml:12:11 backup.schedule", message: /never fires/ },
  { name: "a backup TTL shorter than the schedule interval", text: VALID_DEV + "backup: { schedule: \"0 2 * * 0\", ttl: 72h }\n", where: "environments/dev.yaml:12:34 backup.ttl", message: /shorter than the schedule's interval \(168h\)/ },
  { name: "a TTL in days (Velero reads Go durations)", text: VALID_DEV + "backup: { ttl: 30d }\n", where: "environments/dev.yaml:12:11 backup.ttl", message: /is not how long backups are kept/ },
  { name: "chaos in production without allowInProduction", text: VALID_DEV.replace("tier: development", "tier: production") + "backup: { ttl: 720h }\nchaos: { enabled: true }\n", where: "environments/dev.yaml:13:10 chaos.enabled", message: /allowInProduction: true/ },
  { name: "network chaos on a service without dependencies", text: VALID_DEV + "  embeddings:\n    chaos: { networkDelay: { schedule: \"0 10 * * 1\" } }\n", where: "environments/dev.yaml:13:14 services.embeddings.chaos.networkDelay", message: /declares none/ },
  { name: "an Argo CD destination missing", text: VALID_DEV.replace("  server: https://ml-dev.example\n", ""), where: "environments/dev.yaml:3:1 cluster", message: /missing required field "server"/ },
  {
    name: "a broken custom PromQL expression",
    text: VALID_DEV + '    alerts:\n      - { name: Broken, expr: "sum(rate(x[5m])", for: 5m, severity: warning, summary: s, description: d }\n',
    where: "environments/dev.yaml:13:25 services.llm-chat.alerts.0.expr",
    message: /alert "Broken": invalid PromQL/,
  },
  {
    name: "custom alerts where monitoring is off",
    text: VALID_DEV + '    alerts:\n      - { name: Down, expr: "up == 0", for: 5m, severity: warning, summary: s, description: d }\nmonitoring: { enabled: false }\n',
    where: "environments/dev.yaml:12:5 services.llm-chat.alerts",
    message: /custom alerts need monitoring/,
  },
  {
    name: "a custom alert's `test` (the field is `tests`)",
    text: VALID_DEV + '    alerts:\n      - { name: Few, expr: "count(up) < 3", for: 5m, severity: warning, summary: s, description: d, test: {} }\n',
    where: "environments/dev.yaml:13:101 services.llm-chat.alerts.0.test",
    message: /unknown field "test" \(did you mean "tests"\?\)/,
  },
  {
    name: "given test series promtool cannot read",
    text: VALID_DEV + '    alerts:\n      - name: Few\n        expr: "count(up) < 3"\n        for: 5m\n        severity: warning\n        summary: s\n        description: d\n        tests:\n          - input_series: [{ series: up, values: "1 2 three" }]\n            alert_rule_test: [{ eval_time: 5m, exp_alerts: [] }]\n',
    where: "environments/dev.yaml:20:42 services.llm-chat.alerts.0.tests.0.input_series.0.values",
    message: /"three" is not promtool's expanding notation/,
  },
  { name: "an SLO objective of 1", text: VALID_DEV + "    slo: { requests: { objective: 1, window: 30d } }\n", where: "environments/dev.yaml:12:24 services.llm-chat.slo.requests.objective", message: /must be < 1/ },
  { name: "an SLO window Prometheus cannot read", text: VALID_DEV + "    slo: { requests: { objective: 0.999, window: 30days } }\n", where: "environments/dev.yaml:12:42 services.llm-chat.slo.requests.window", message: /is not the SLO window/ },
  {
    name: "a warning threshold beyond its critical one",
    text: VALID_DEV + "    slo: { errors: { warning: { value: 0.2 }, critical: { value: 0.1 } } }\n",
    where: "environments/dev.yaml:12:33 services.llm-chat.slo.errors.warning.value",
    message: /beyond the critical threshold 0\.1/,
  },
  {
    name: "a receiver without a Secret reference",
    text: VALID_DEV + 'monitoring:\n  routing:\n    ml-platform:\n      receivers: { chat: { slack: { apiURL: "https://hooks.slack.com/x" } } }\n      critical: chat\n      warning: chat\n',
    where: "environments/dev.yaml:15:37 monitoring.routing.ml-platform.receivers.chat.slack.apiURL",
    message: /must be an object, a Secret reference \{name, key\}: the secret itself never enters the configuration/,
  },
  {
    name: "a severity routed to a missing receiver",
    text: VALID_DEV + 'monitoring:\n  routing:\n    ml-platform:\n      receivers: { chat: { slack: { apiURL: { name: slack, key: url } } } }\n      critical: pager\n      warning: chat\n',
    where: "environments/dev.yaml:16:7 monitoring.routing.ml-platform.critical",
    message: /receiver "pager" is not one of the team's receivers \(chat\)/,
  },
  {
    name: "a dashboard panel with invalid PromQL",
    text: VALID_DEV + '    dashboard: { panels: [{ title: Tokens, expr: "sum(rate(tokens_total[5m])" }] }\n',
    where: "environments/dev.yaml:12:44 services.llm-chat.dashboard.panels.0.expr",
    message: /panel "Tokens": invalid PromQL/,
  },
  { name: "a short production backup TTL", text: VALID_DEV.replace("tier: development", "tier: production") + "backup: { ttl: 168h }\n", where: "environments/dev.yaml:12:11 backup.ttl", message: /at least 720h/ },
];
