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
  /** Lines reported when the mistake shows in more than one place (each one is reported); the first is `where`. */
  lines?: number;
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
  { name: "cyclic extends", file: "base.yaml", text: "extends: dev\nabstract: true\n", where: "environments/base.yaml:1:1 extends", message: /cyclic extends: dev -> base -> dev/, lines: 2 },
  { name: "a GPU service naming an undefined pool", text: VALID_DEV.replace("pool: l4", "pool: h100"), where: "environments/dev.yaml:11:12 services.llm-chat.gpu.pool", message: /GPU pool "h100" is not defined under gpuPools \(a100, l4\)/ },
  { name: "a dependency on a missing service", text: VALID_DEV + "  search:\n    dependencies: { services: [ghost] }\n", where: "environments/dev.yaml:13:32 services.search.dependencies.services.0", message: /service "ghost" does not exist/ },
  { name: "a PDB that would block every eviction", text: VALID_DEV + "    availability: { minAvailable: 1 }\n", where: "environments/dev.yaml:12:21 services.llm-chat.availability.minAvailable", message: /must be < the minimum replicas \(1\)/ },
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
    // base.yaml gives two other services custom alerts: all three are reported, base.yaml's first.
    where: "environments/base.yaml:122:5 services.churn-predictor.alerts",
    message: /custom alerts need monitoring/,
    lines: 3,
  },
  {
    name: "a VPA and an HPA both on CPU",
    text: VALID_DEV + "    autoscaling: { cpuUtilization: 60 }\n    verticalAutoscaling: { updateMode: Auto }\n",
    where: "environments/dev.yaml:13:5 services.llm-chat.verticalAutoscaling",
    message: /VerticalPodAutoscaler and the HorizontalPodAutoscaler both act on cpu/,
  },
  { name: "a VPA whose minimum exceeds its maximum", text: VALID_DEV + '    verticalAutoscaling: { updateMode: Auto, minAllowed: { cpu: "4" }, maxAllowed: { cpu: "2" } }\n', where: "environments/dev.yaml:12:60 services.llm-chat.verticalAutoscaling.minAllowed.cpu", message: /must be <= maxAllowed.cpu \(2\)/ },
  { name: "an HPA scaling policy of an unknown type", text: VALID_DEV + "    autoscaling: { scaleUp: { policies: [{ type: Percentage, value: 5, periodSeconds: 15 }] } }\n", where: "environments/dev.yaml:12:44 services.llm-chat.autoscaling.scaleUp.policies.0.type", message: /must be one of "Percent", "Pods"/ },
  { name: "a fixed replica count beside autoscaling", text: VALID_DEV + "    fixedReplicasReason: one per node\n", where: "environments/dev.yaml:12:5 services.llm-chat.fixedReplicasReason", message: /exclude each other/ },
  { name: "a PDB percentage that blocks every eviction", text: VALID_DEV + '    autoscaling: { minReplicas: 3, maxReplicas: 4 }\n    availability: { minAvailable: "90%" }\n', where: "environments/dev.yaml:13:21 services.llm-chat.availability.minAvailable", message: /90% of 3 rounds up to 3/ },
  { name: "a PDB of 0%", text: VALID_DEV + '    availability: { maxUnavailable: "0%" }\n', where: "environments/dev.yaml:12:21 services.llm-chat.availability.maxUnavailable", message: /"0%" is not valid/ },
  {
    name: "a NetworkPolicy peer whose empty selector opens the namespace",
    text: VALID_DEV + "    networkPolicy:\n      ingress:\n        - from: [{ namespaceSelector: {} }]\n",
    where: "environments/dev.yaml:14:20 services.llm-chat.networkPolicy.ingress.0.from.0.namespaceSelector",
    message: /matches every namespace: add matchLabels, or write allowAll: true/,
  },
  {
    name: "a host name given where a NetworkPolicy needs a CIDR",
    text: VALID_DEV + "    networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: db.internal.example } }] }] }\n",
    where: "environments/dev.yaml:12:51 services.llm-chat.networkPolicy.egress.0.to.0.ipBlock.cidr",
    message: /NetworkPolicies cannot name DNS hosts: give the addresses it resolves to as a CIDR, e\.g\. 10\.20\.0\.15\/32/,
  },
  { name: "a NetworkPolicy peer naming a missing service", text: VALID_DEV + "    networkPolicy: { egress: [{ to: [{ service: ghost }] }] }\n", where: "environments/dev.yaml:12:40 services.llm-chat.networkPolicy.egress.0.to.0.service", message: /service "ghost" does not exist/ },
  { name: "a NetworkPolicy peer mixing a CIDR and selectors", text: VALID_DEV + "    networkPolicy: { egress: [{ to: [{ namespace: db, ipBlock: { cidr: 10.0.0.0/8 } }] }] }\n", where: "environments/dev.yaml:12:38 services.llm-chat.networkPolicy.egress.0.to.0", message: /not several/ },
  {
    name: "an Ingress TLS secret from another namespace",
    text: VALID_DEV + "    ingress: { host: chat.example.com, tls: { secretName: certs/wildcard } }\n",
    where: "environments/dev.yaml:12:47 services.llm-chat.ingress.tls.secretName",
    message: /reads its TLS Secret from its own namespace \(ml-dev\); Kubernetes cannot reference "certs\/wildcard"/,
  },
  { name: "a certificate that does not cover its Ingress's host", text: VALID_DEV + "    ingress: { host: chat.example.com, tls: { hosts: [api.example.com] } }\n", where: "environments/dev.yaml:12:47 services.llm-chat.ingress.tls.hosts", message: /does not cover host "chat.example.com"/ },
  {
    name: "a shared certificate issued twice",
    text: VALID_DEV + '    ingress: { host: chat.example.com, tls: { secretName: shared, hosts: ["*.example.com"] } }\n  search:\n    ingress: { host: search.example.com, tls: { secretName: shared, hosts: ["*.example.com"] } }\n',
    where: "environments/dev.yaml:14:42 services.search.ingress.tls.certManager",
    message: /cert-manager already issues Secret "shared" for "llm-chat": set certManager: false/,
  },
  { name: "an Ingress without a host", text: VALID_DEV + "    ingress: { path: /x }\n", where: "environments/dev.yaml:12:5 services.llm-chat.ingress", message: /give host \(one host\) or rules/ },
  {
    name: "a namespace label that would loosen Pod Security",
    text: VALID_DEV.replace("  ml-dev:\n", "  ml-dev:\n    labels: { pod-security.kubernetes.io/enforce: privileged }\n"),
    where: "environments/dev.yaml:8:15 namespaces.ml-dev.labels.pod-security.kubernetes.io/enforce",
    message: /Pod Security stays restricted/,
  },
  { name: "a quota entry that has its own field", text: VALID_DEV.replace("gpu: 4 }", 'gpu: 4, hard: { limits.cpu: "80" } }'), where: "environments/dev.yaml:8:56 namespaces.ml-dev.quota.hard.limits.cpu", message: /has its own field/ },
  { name: "a quota on limits too small for the minimum replicas", text: VALID_DEV.replace("gpu: 4 }", "gpu: 4, limits: { memory: 1Gi } }"), where: "environments/dev.yaml:8:58 namespaces.ml-dev.quota.limits.memory", message: /1Gi memory cannot hold the minimum replicas/ },
  { name: "a LimitRange default on a Pod item", text: VALID_DEV.replace("  ml-dev:\n", '  ml-dev:\n    limitRange: { limits: [{ type: Pod, default: { cpu: "1" } }] }\n'), where: "environments/dev.yaml:8:41 namespaces.ml-dev.limitRange.limits.0.default", message: /only Container items take defaults/ },
  { name: "a LimitRange minimum above its maximum", text: VALID_DEV.replace("  ml-dev:\n", '  ml-dev:\n    limitRange: { limits: [{ type: Container, min: { cpu: "2" }, max: { cpu: "1" } }] }\n'), where: "environments/dev.yaml:8:54 namespaces.ml-dev.limitRange.limits.0.min.cpu", message: /must be <= max.cpu \(1\)/ },
  {
    name: "RBAC rules listing Secrets in production",
    text: VALID_DEV.replace("tier: development", "tier: production") + "    rbac: { rules: [{ resources: [secrets], verbs: [get, list] }] }\nbackup: { ttl: 720h }\n",
    where: "environments/dev.yaml:12:21 services.llm-chat.rbac.rules.0",
    message: /grants list on secrets, which reads every Secret of the namespace: .*rbac\.secretsAccessReason/,
  },
  {
    name: "RBAC wildcard rules in production",
    text: VALID_DEV.replace("tier: development", "tier: production") + '    rbac: { clusterRules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }\nbackup: { ttl: 720h }\n',
    where: "environments/dev.yaml:12:28 services.llm-chat.rbac.clusterRules.0",
    message: /grants \* on every resource \(\*\), Secrets included/,
  },
  { name: "RBAC without rules", text: VALID_DEV + "    rbac: {}\n", where: "environments/dev.yaml:12:5 services.llm-chat.rbac", message: /give rules \(a Role\) or clusterRules/ },
  { name: "a short production backup TTL", text: VALID_DEV.replace("tier: development", "tier: production") + "backup: { ttl: 168h }\n", where: "environments/dev.yaml:12:11 backup.ttl", message: /at least 720h/ },
  { name: "an image with neither tag nor digest", text: VALID_DEV + "    image: { tag: null }\n", where: "environments/dev.yaml:12:5 services.llm-chat.image", message: /pin the image with a tag or a digest/ },
  // Container and pod fields (docs/container-and-pod.md).
  { name: "a probe with two handlers", text: VALID_DEV + "    probes:\n      readiness: { path: /ready, tcpSocket: { port: 8080 } }\n", where: "environments/dev.yaml:13:34 services.llm-chat.probes.readiness.tcpSocket", message: /a probe has one handler: path and tcpSocket are both set/ },
  { name: "a liveness probe needing two successes", text: VALID_DEV + "    probes:\n      liveness: { successThreshold: 2 }\n", where: "environments/dev.yaml:13:19 services.llm-chat.probes.liveness.successThreshold", message: /must be 1 for a liveness probe/ },
  { name: "a probe on a port the container does not name", text: VALID_DEV + "    probes:\n      liveness: { httpGet: { path: /live, port: admin } }\n", where: "environments/dev.yaml:13:43 services.llm-chat.probes.liveness.httpGet.port", message: /no container port is named "admin" \(http 8080, metrics 9090\)/ },
  { name: "a probe port that is neither a number nor a port name", text: VALID_DEV + "    probes:\n      liveness: { tcpSocket: { port: Admin_Port } }\n", where: "environments/dev.yaml:13:32 services.llm-chat.probes.liveness.tcpSocket.port", message: /"Admin_Port" is not a port number or the name of a container port/ },
  { name: "a Service port mapped to a container port that does not exist", text: VALID_DEV + "    service:\n      ports: [{ name: http, port: 80, targetPort: 8001 }]\n", where: "environments/dev.yaml:13:39 services.llm-chat.service.ports.0.targetPort", message: /8001 is not a port of the container \(http 8080, metrics 9090\)/ },
  { name: "a new Service port without a target", text: VALID_DEV + "    service:\n      ports: [{ name: grpc, port: 9000 }]\n", where: "environments/dev.yaml:13:15 services.llm-chat.service.ports.0", message: /no container port is named "grpc" .*: set targetPort/ },
  { name: "a container port name taken twice", text: VALID_DEV + "    ports: [{ name: metrics, containerPort: 9100 }]\n", where: "environments/dev.yaml:12:15 services.llm-chat.ports.0.name", message: /port name "metrics" is already taken/ },
  { name: "a metrics endpoint on a port the Service does not have", text: VALID_DEV + "    metricsEndpoints: [{ port: admin, path: /api/v1/metrics }]\n", where: "environments/dev.yaml:12:26 services.llm-chat.metricsEndpoints.0.port", message: /the Service has no port "admin" \(http, metrics\)/ },
  { name: "a scrape timeout longer than the interval", text: VALID_DEV + "    metricsEndpoints: [{ port: metrics, interval: 10s, scrapeTimeout: 30s }]\n", where: "environments/dev.yaml:12:56 services.llm-chat.metricsEndpoints.0.scrapeTimeout", message: /must not exceed the interval \(10s\)/ },
  { name: "$(VAR) naming a variable not defined before it", text: VALID_DEV + '    containerEnv:\n      - { name: DATABASE_URL, value: "postgres://$(DB_USER)@db/ml" }\n', where: "environments/dev.yaml:13:31 services.llm-chat.containerEnv.0.value", message: /\$\(DB_USER\) names no variable defined before it; known: .*HF_TOKEN/ },
  { name: "$(VAR) naming a variable defined after it", text: VALID_DEV + '    containerEnv:\n      - { name: URL, value: "http://$(HOST)/" }\n      - { name: HOST, value: db }\n', where: "environments/dev.yaml:13:22 services.llm-chat.containerEnv.0.value", message: /it is defined after this one/ },
  { name: "a container variable set twice", text: VALID_DEV + "    containerEnv: [{ name: MAX_INPUT_TOKENS, value: \"1\" }]\n", where: "environments/dev.yaml:12:22 services.llm-chat.containerEnv.0.name", message: /environment variable "MAX_INPUT_TOKENS" is set twice/ },
  { name: "an envFrom source naming both a ConfigMap and a Secret", text: VALID_DEV + "    envFrom: [{ configMapRef: { name: a }, secretRef: { name: b } }]\n", where: "environments/dev.yaml:12:15 services.llm-chat.envFrom.0", message: /exactly one of configMapRef and secretRef/ },
  { name: "a ConfigMap name Kubernetes refuses", text: VALID_DEV + "    configMapName: LLM_Config\n", where: "environments/dev.yaml:12:5 services.llm-chat.configMapName", message: /"LLM_Config" is not name of the generated ConfigMap/ },
  { name: "a UID of 0", text: VALID_DEV + "    securityContext: { runAsUser: 0 }\n", where: "environments/dev.yaml:12:24 services.llm-chat.securityContext.runAsUser", message: /must be >= 1/ },
  { name: "a supplemental group of 0", text: VALID_DEV + "    securityContext: { supplementalGroups: [0] }\n", where: "environments/dev.yaml:12:45 services.llm-chat.securityContext.supplementalGroups.0", message: /must be >= 1/ },
  { name: "a volume on the model cache's path", text: VALID_DEV + "    volumes: [{ name: shm, mountPath: /models, emptyDir: { medium: Memory } }]\n", where: "environments/dev.yaml:12:28 services.llm-chat.volumes.0.mountPath", message: /\/models is already the mount of volume "model-cache"/ },
  { name: "a volume medium other than Memory", text: VALID_DEV + "    volumes: [{ name: shm, mountPath: /dev/shm, emptyDir: { medium: Disk } }]\n", where: "environments/dev.yaml:12:61 services.llm-chat.volumes.0.emptyDir.medium", message: /must be one of "Memory"/ },
  { name: "a spread neither required nor preferred", text: VALID_DEV + "    topologySpread: { zone: { whenUnsatisfiable: Required } }\n", where: "environments/dev.yaml:12:31 services.llm-chat.topologySpread.zone.whenUnsatisfiable", message: /must be one of "DoNotSchedule", "ScheduleAnyway"/ },
  { name: "a toleration with operator Exists and a value", text: VALID_DEV + "    tolerations: [{ key: dedicated, operator: Exists, value: ml }]\n", where: "environments/dev.yaml:12:55 services.llm-chat.tolerations.0.value", message: /must be empty with operator Exists/ },
  { name: "a PriorityClass name that is not a DNS label", text: VALID_DEV + "priorityClasses:\n  High_Priority: { value: 1000 }\n", where: "environments/dev.yaml:13:3 priorityClasses.High_Priority", message: /not a valid name/ },
  { name: "a component that is not a label value", text: VALID_DEV + "    component: Web Frontend\n", where: "environments/dev.yaml:12:5 services.llm-chat.component", message: /"Web Frontend" is not app.kubernetes.io\/component/ },
];
