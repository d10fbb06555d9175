/** 254Carbon ML Platform: the Kubernetes facts of its deployment guide (seeds/001). */
import type { Fact } from "./fact";

const NS = "ml-platform-production";
const C = "spec.template.spec.containers[0]";
const POD = "spec.template.spec";
const SERVICES = [
  { name: "model-serving", port: 9005, image: "ml-platform-model-serving" },
  { name: "embedding-service", port: 9006, image: "ml-platform-embedding" },
  { name: "search-service", port: 9007, image: "ml-platform-search" },
];
const deploy = (svc: string, namespace = NS) => `Deployment/${namespace}/${svc}`;
const DASHBOARD = "dashboard-production-model-serving";
const STATEFUL = "stateful workloads and CronJobs/Jobs: issue 14";
const sts = (name: string, namespace = NS) => `StatefulSet/${namespace}/${name}`;
/** The exporter sidecar Bitnami's metrics.enabled adds, scraped in place of the server (which serves no metrics). */
const exporterFacts = (release: string, name: string, image: string, port: number, env?: "staging"): Fact[] => {
  const namespace = env ? "ml-platform-staging" : NS;
  const where = env ? { env } : {};
  return [
    { guide: `${release}: metrics.enabled, the ${image} sidecar`, ...where, manifest: sts(name, namespace), path: `${POD}.containers[name=metrics].ports`, expected: [{ name: "metrics", containerPort: port, protocol: "TCP" }] },
    { guide: `${release}: the exporter runs hardened like the server`, ...where, manifest: sts(name, namespace), path: `${POD}.containers[name=metrics].securityContext.readOnlyRootFilesystem`, expected: true },
    { guide: `${release}: Prometheus scrapes the exporter`, ...where, manifest: `ServiceMonitor/${namespace}/${name}`, path: "spec.endpoints[0].port", expected: "metrics" },
    { guide: `${release}: monitoring reaches the exporter's port`, ...where, manifest: `NetworkPolicy/${namespace}/${name}`, path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: "metrics", protocol: "TCP" }] } },
  ];
};

const perService: Fact[] = SERVICES.flatMap(({ name, port, image }): Fact[] => [
  { guide: `Staging: kubectl set image deployment/${name} ${name}=ghcr.io/254carbon/${image}:staging`, env: "staging", manifest: deploy(name, "ml-platform-staging"), path: `${C}.image`, expected: `ghcr.io/254carbon/${image}:staging` },
  { guide: `Production: kubectl set image deployment/${name} ${name}=ghcr.io/254carbon/${image}:v1.0.0`, manifest: deploy(name), path: `${C}.image`, expected: `ghcr.io/254carbon/${image}:v1.0.0` },
  { guide: `kubectl set image deployment/${name} ${name}=... (the container's name)`, manifest: deploy(name), path: `${C}.name`, expected: name },
  { guide: `Service URLs: API on port ${port}`, manifest: deploy(name), path: `${C}.ports`, match: "includes", expected: { containerPort: port } },
  { guide: `Network Policy: ingress from namespaces labelled name=ml-platform on TCP ${port}`, manifest: `NetworkPolicy/${NS}/${name}`, path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { name: "ml-platform" } } }], ports: [{ port: "http", protocol: "TCP" }] } },
  { guide: "Network Policy: policyTypes [Ingress, Egress]", manifest: `NetworkPolicy/${NS}/${name}`, path: "spec.policyTypes", expected: ["Ingress", "Egress"] },
  { guide: "Metrics Endpoints - All Services: GET /metrics (Prometheus format), on the service's port", manifest: `ServiceMonitor/${NS}/${name}`, path: "spec.endpoints", expected: [{ interval: "30s", path: "/metrics", port: "http", scheme: "http", scrapeTimeout: "10s" }] },
  { guide: "Pod Security Standards: runAsNonRoot: true", manifest: deploy(name), path: `${POD}.securityContext.runAsNonRoot`, expected: true },
  { guide: "Pod Security Standards: runAsUser: 1000", manifest: deploy(name), path: `${POD}.securityContext.runAsUser`, expected: 1000 },
  { guide: "Pod Security Standards: fsGroup: 2000", manifest: deploy(name), path: `${POD}.securityContext.fsGroup`, expected: 2000 },
  { guide: "Kubernetes Secrets: ML_VECTOR_DB_DSN from ml-platform-secrets", manifest: deploy(name), path: `${C}.env[name=ML_VECTOR_DB_DSN].valueFrom.secretKeyRef`, expected: { name: "ml-platform-secrets", key: "ML_VECTOR_DB_DSN" } },
  { guide: "Kubernetes Secrets: ML_JWT_SECRET_KEY from ml-platform-secrets", manifest: deploy(name), path: `${C}.env[name=ML_JWT_SECRET_KEY].valueFrom.secretKeyRef`, expected: { name: "ml-platform-secrets", key: "ML_JWT_SECRET_KEY" } },
  { guide: "ConfigMaps: ml-platform-config (from config/production.env)", manifest: deploy(name), path: `${C}.envFrom`, match: "includes", expected: { configMapRef: { name: "ml-platform-config" } } },
  { guide: "Environment Variables: ML_ENV=production", manifest: `ConfigMap/${NS}/${name}-env`, path: "data.ML_ENV", expected: "production" },
  { guide: 'Environment Variables: ML_REDIS_URL="redis://redis-cluster:6379"', manifest: `ConfigMap/${NS}/${name}-env`, path: "data.ML_REDIS_URL", expected: "redis://redis-cluster:6379" },
  { guide: 'Environment Variables: ML_MLFLOW_TRACKING_URI="http://mlflow-server:5000"', manifest: `ConfigMap/${NS}/${name}-env`, path: "data.ML_MLFLOW_TRACKING_URI", expected: "http://mlflow-server:5000" },
]);

const probe = (kind: "readiness" | "liveness", field: string, expected: unknown, match?: Fact["match"]): Fact => ({
  guide: `${kind === "readiness" ? "Readiness" : "Liveness"} Probes: ${field}: ${JSON.stringify(expected)}`,
  manifest: deploy("model-serving"),
  path: `${C}.${kind}Probe.${field}`,
  expected,
  ...(match ? { match } : {}),
});

export const facts: Fact[] = [
  { guide: "kubectl create namespace ml-platform-staging", env: "staging", manifest: "Namespace/ml-platform-staging", path: "metadata.name", expected: "ml-platform-staging" },
  { guide: "kubectl create namespace ml-platform-production", manifest: `Namespace/${NS}`, path: "metadata.name", expected: NS },
  ...perService,

  // Readiness and liveness probes (model-serving's, port 9005; the others' on their own ports)
  probe("readiness", "httpGet.path", "/health"),
  probe("readiness", "httpGet.port", 9005, "port"),
  probe("readiness", "initialDelaySeconds", 10),
  probe("readiness", "periodSeconds", 5),
  probe("readiness", "timeoutSeconds", 3),
  probe("readiness", "failureThreshold", 3),
  probe("liveness", "httpGet.path", "/health"),
  probe("liveness", "httpGet.port", 9005, "port"),
  probe("liveness", "initialDelaySeconds", 30),
  probe("liveness", "periodSeconds", 10),
  probe("liveness", "timeoutSeconds", 5),
  probe("liveness", "failureThreshold", 5),
  { guide: "Service Health Endpoints: Embedding Service GET /health", manifest: deploy("embedding-service"), path: `${C}.readinessProbe.httpGet.path`, expected: "/health" },
  { guide: "Service Health Endpoints: Search Service GET /health", manifest: deploy("search-service"), path: `${C}.livenessProbe.httpGet.path`, expected: "/health" },
  { guide: "kubectl port-forward svc/model-serving 9005:9005", manifest: `Service/${NS}/model-serving`, path: "spec.ports", match: "includes", expected: { name: "http", port: 9005 } },

  // Horizontal Pod Autoscaling
  { guide: "HPA name: model-serving-hpa", manifest: `HorizontalPodAutoscaler/${NS}/model-serving-hpa`, path: "metadata.name", expected: "model-serving-hpa" },
  { guide: "HPA scaleTargetRef: Deployment model-serving", manifest: `HorizontalPodAutoscaler/${NS}/model-serving-hpa`, path: "spec.scaleTargetRef", expected: { apiVersion: "apps/v1", kind: "Deployment", name: "model-serving" } },
  { guide: "HPA minReplicas: 3", manifest: `HorizontalPodAutoscaler/${NS}/model-serving-hpa`, path: "spec.minReplicas", expected: 3 },
  { guide: "HPA maxReplicas: 20", manifest: `HorizontalPodAutoscaler/${NS}/model-serving-hpa`, path: "spec.maxReplicas", expected: 20 },
  { guide: "HPA cpu averageUtilization: 70", manifest: `HorizontalPodAutoscaler/${NS}/model-serving-hpa`, path: "spec.metrics", match: "includes", expected: { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } } },
  { guide: 'HPA Pods metric http_requests_per_second averageValue: "100"', manifest: `HorizontalPodAutoscaler/${NS}/model-serving-hpa`, path: "spec.metrics", match: "includes", expected: { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } } },

  // Vertical Pod Autoscaling
  { guide: "VPA name: embedding-service-vpa", manifest: `VerticalPodAutoscaler/${NS}/embedding-service-vpa`, path: "metadata.name", expected: "embedding-service-vpa" },
  { guide: "VPA targetRef: Deployment embedding-service", manifest: `VerticalPodAutoscaler/${NS}/embedding-service-vpa`, path: "spec.targetRef", expected: { apiVersion: "apps/v1", kind: "Deployment", name: "embedding-service" } },
  { guide: 'VPA updatePolicy.updateMode: "Auto"', manifest: `VerticalPodAutoscaler/${NS}/embedding-service-vpa`, path: "spec.updatePolicy.updateMode", expected: "Auto" },
  { guide: "VPA containerPolicies containerName: embedding-service", manifest: `VerticalPodAutoscaler/${NS}/embedding-service-vpa`, path: "spec.resourcePolicy.containerPolicies[0].containerName", expected: "embedding-service" },
  { guide: "VPA maxAllowed: cpu 4, memory 8Gi", manifest: `VerticalPodAutoscaler/${NS}/embedding-service-vpa`, path: "spec.resourcePolicy.containerPolicies[0].maxAllowed", expected: { cpu: "4", memory: "8Gi" } },
  { guide: "VPA minAllowed: cpu 500m, memory 1Gi", manifest: `VerticalPodAutoscaler/${NS}/embedding-service-vpa`, path: "spec.resourcePolicy.containerPolicies[0].minAllowed", expected: { cpu: "500m", memory: "1Gi" } },

  // GPU and resources
  { guide: "GPU: Dedicated GPU nodes for embedding service (a GPU per replica)", manifest: deploy("embedding-service"), path: `${C}.resources.limits["nvidia.com/gpu"]`, match: "quantity", expected: 1 },
  { guide: "GPU nodes for embeddings (tolerates the GPU nodes' taint)", manifest: deploy("embedding-service"), path: `${POD}.tolerations`, match: "includes", expected: { key: "nvidia.com/gpu", effect: "NoSchedule" } },
  { guide: 'kubectl patch deployment model-serving ... limits memory "4Gi"', manifest: deploy("model-serving"), path: `${C}.resources.limits.memory`, expected: "4Gi" },
  { guide: 'kubectl patch deployment model-serving ... limits cpu "2000m"', manifest: deploy("model-serving"), path: `${C}.resources.limits.cpu`, expected: "2000m" },
  { guide: "Pod Security Standards: allowPrivilegeEscalation: false", manifest: deploy("model-serving"), path: `${C}.securityContext.allowPrivilegeEscalation`, expected: false },
  { guide: "Pod Security Standards: readOnlyRootFilesystem: true", manifest: deploy("model-serving"), path: `${C}.securityContext.readOnlyRootFilesystem`, expected: true },
  { guide: "Pod Security Standards: capabilities drop ALL", manifest: deploy("model-serving"), path: `${C}.securityContext.capabilities.drop`, expected: ["ALL"] },

  // RBAC Configuration: the one Role ml-platform-role, bound to each service's ServiceAccount
  { guide: "Role ml-platform-role: configmaps, secrets: get, list", manifest: `Role/${NS}/ml-platform-role`, path: "rules", match: "includes", expected: { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: ["get", "list"] } },
  { guide: "Role ml-platform-role: apps deployments: get, list, update", manifest: `Role/${NS}/ml-platform-role`, path: "rules", match: "includes", expected: { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "update"] } },
  { guide: "Role name: ml-platform-role", manifest: `Role/${NS}/ml-platform-role`, path: "metadata.name", expected: "ml-platform-role" },
  ...SERVICES.flatMap(({ name }): Fact[] => [
    { guide: `Role ml-platform-role bound to ${name}'s ServiceAccount`, manifest: `RoleBinding/${NS}/${name}`, path: "subjects", expected: [{ kind: "ServiceAccount", name, namespace: NS }] },
    { guide: `Role ml-platform-role bound to ${name}'s ServiceAccount (roleRef)`, manifest: `RoleBinding/${NS}/${name}`, path: "roleRef", expected: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "ml-platform-role" } },
  ]),

  // TLS
  { guide: "kubectl create secret tls ml-platform-tls -n ml-platform-production (an existing certificate)", manifest: `Ingress/${NS}/model-serving`, path: "spec.tls[0].secretName", expected: "ml-platform-tls", pending: "the guide's k8s/production/ingress.yaml is not shown and no production host is given anywhere in the guide: without a host there is no Ingress to carry the existing Secret (ingress.tls.certManager: false would, given one)" },

  // Alert Thresholds
  ...SERVICES.flatMap(({ name }): Fact[] => {
    const rules = `spec.groups[name=${name}.slo].rules`;
    const rule = (alert: string, guide: string, field: string, expected: unknown, match?: Fact["match"]): Fact => ({
      guide: `${guide} (${name})`, manifest: `PrometheusRule/${NS}/${name}`, path: `${rules}[alert=${alert}].${field}`, expected, ...(match ? { match } : {}),
    });
    return [
      rule("LatencyWarning", "Warning: P95 latency > 500ms", "expr", "> 0.5", "contains"),
      rule("LatencyWarning", "Warning: P95 latency > 500ms", "labels.severity", "warning"),
      rule("LatencyCritical", "Critical: P95 latency > 1s", "expr", "> 1", "contains"),
      rule("LatencyCritical", "Critical: P95 latency > 1s", "labels.severity", "critical"),
      rule("ErrorRatioWarning", "Warning: Error rate > 5%", "expr", "> 0.05", "contains"),
      rule("ErrorRatioWarning", "Warning: Error rate > 5%", "labels.severity", "warning"),
      rule("ErrorRatioCritical", "Critical: Error rate > 10%", "expr", "> 0.1", "contains"),
      rule("ErrorRatioCritical", "Critical: Error rate > 10%", "labels.severity", "critical"),
      rule("MetricsTargetDown", "Critical: Service down", "labels.severity", "critical"),
    ];
  }),

  // Backup and Recovery
  { guide: "Backup Strategy: Database daily automated backups", manifest: "Schedule/velero/ml-platform-production-daily", path: "spec.schedule", expected: "0 2 * * *" },
  { guide: "Backup Strategy: 30-day retention", manifest: "Schedule/velero/ml-platform-production-daily", path: "spec.template.ttl", expected: "720h" },
  { guide: "RPO < 15 minutes", manifest: "Schedule/velero/ml-platform-production-frequent", path: "spec.schedule", expected: "*/15 * * * *" },
  { guide: 'kubectl create cronjob postgres-backup --image=postgres:16 --schedule="0 2 * * *"', manifest: `CronJob/${NS}/postgres-backup`, path: "spec.schedule", expected: "0 2 * * *" },
  { guide: "kubectl create cronjob postgres-backup --image=postgres:16", manifest: `CronJob/${NS}/postgres-backup`, path: "spec.jobTemplate.spec.template.spec.containers[0].image", expected: "postgres:16" },
  { guide: 'kubectl create cronjob minio-backup --image=minio/mc --schedule="0 3 * * *"', manifest: `CronJob/${NS}/minio-backup`, path: "spec.schedule", expected: "0 3 * * *" },
  { guide: "kubectl create cronjob ... --restart=OnFailure", manifest: `CronJob/${NS}/postgres-backup`, path: "spec.jobTemplate.spec.template.spec.restartPolicy", expected: "OnFailure" },
  { guide: 'postgres-backup -- /bin/bash -c "pg_dump -h postgres -U mlflow mlflow | gzip > /backup/..."', manifest: `CronJob/${NS}/postgres-backup`, path: "spec.jobTemplate.spec.template.spec.containers[0].command[2]", match: "contains", expected: "pg_dump -h postgres -U mlflow mlflow | gzip > /backup/" },
  { guide: "kubectl create cronjob minio-backup --restart=OnFailure", manifest: `CronJob/${NS}/minio-backup`, path: "spec.jobTemplate.spec.template.spec.restartPolicy", expected: "OnFailure" },
  { guide: 'minio-backup -- /bin/bash -c "mc mirror minio/mlflow-artifacts s3://backup-bucket/mlflow-artifacts/"', manifest: `CronJob/${NS}/minio-backup`, path: "spec.jobTemplate.spec.template.spec.containers[0].command", expected: ["/bin/bash", "-c", "mc mirror minio/mlflow-artifacts s3://backup-bucket/mlflow-artifacts/"] },

  // Monitoring Setup
  { guide: "kubectl create configmap ml-platform-alerts --from-file=monitoring/prometheus/alerts.yml -n monitoring", manifest: "ConfigMap/monitoring/ml-platform-alerts", path: "metadata.name", expected: "ml-platform-alerts", pending: "the guide does not give monitoring/prometheus/alerts.yml: an extra manifest (manifestFiles) could carry the ConfigMap, but its data would be invented (the guide's alert thresholds are checked above, as PrometheusRules)" },
  { guide: "kubectl create configmap ml-platform-dashboards --from-file=monitoring/grafana/dashboards/ -n monitoring", manifest: "ConfigMap/monitoring/ml-platform-dashboards", path: "metadata.name", expected: "ml-platform-dashboards", pending: "the guide does not give the files of monitoring/grafana/dashboards/: an extra manifest could carry the ConfigMap, but its data would be invented (the generated dashboards, one ConfigMap each, are checked below)" },
  { guide: "Deploy Grafana dashboards (-n monitoring, for kube-prometheus-stack's Grafana)", manifest: `ConfigMap/monitoring/${DASHBOARD}`, path: "metadata.labels.grafana_dashboard", expected: "1" },
  { guide: "Key Metrics: Latency: P95 response times", manifest: `ConfigMap/monitoring/${DASHBOARD}`, path: `data["${DASHBOARD}.json"]`, match: "contains", expected: "histogram_quantile(0.95" },
  { guide: "Key Metrics: Error Rate", manifest: `ConfigMap/monitoring/${DASHBOARD}`, path: `data["${DASHBOARD}.json"]`, match: "contains", expected: "Error ratio (5xx) against the SLO" },

  // Staging dependencies (third-party Helm releases)
  { guide: "Staging: helm install postgres --set primary.persistence.size=20Gi", env: "staging", manifest: "StatefulSet/ml-platform-staging/postgres-postgresql", path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage", expected: "20Gi" },
  { guide: "Staging: helm install minio --set persistence.size=50Gi", env: "staging", manifest: "StatefulSet/ml-platform-staging/minio", path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage", expected: "50Gi" },

  // High Availability Infrastructure (third-party Helm releases)
  { guide: "helm install postgres-ha --set postgresql.replicaCount=3", manifest: `StatefulSet/${NS}/postgres-ha-postgresql`, path: "spec.replicas", expected: 3 },
  { guide: "postgres-ha --set postgresql.persistence.size=100Gi", manifest: `StatefulSet/${NS}/postgres-ha-postgresql`, path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage", expected: "100Gi" },
  { guide: "helm install redis-cluster --set cluster.nodes=6, persistence.size=20Gi", manifest: `StatefulSet/${NS}/redis-cluster`, path: "spec.replicas", expected: 6 },
  { guide: "helm install redis-cluster --set persistence.size=20Gi", manifest: sts("redis-cluster"), path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage", expected: "20Gi" },
  { guide: "helm install redis-cluster --set cluster.nodes=6 (the nodes find each other through the headless Service)", manifest: sts("redis-cluster"), path: "spec.serviceName", expected: "redis-cluster-headless" },
  { guide: "helm install postgres-ha (repmgr finds its partners through the headless Service)", manifest: sts("postgres-ha-postgresql"), path: "spec.serviceName", expected: "postgres-ha-postgresql-headless" },
  ...exporterFacts("helm install postgres", "postgres-postgresql", "postgres-exporter", 9187, "staging"),
  ...exporterFacts("helm install postgres-ha", "postgres-ha-postgresql", "postgres-exporter", 9187),
  ...exporterFacts("helm install redis-cluster", "redis-cluster", "redis-exporter", 9121),
  { guide: "helm install minio-ha --set mode=distributed, statefulset.replicaCount=4, persistence.size=200Gi", manifest: `StatefulSet/${NS}/minio-ha`, path: "spec.replicas", expected: 4 },
  { guide: "helm install minio-ha --set persistence.size=200Gi", manifest: `StatefulSet/${NS}/minio-ha`, path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage", expected: "200Gi" },
  { guide: "helm install minio-ha --set mode=distributed (the pods find each other through the headless Service)", manifest: `StatefulSet/${NS}/minio-ha`, path: "spec.serviceName", expected: "minio-ha-headless" },
  { guide: "helm install minio-ha --set mode=distributed (all pods start together, for the quorum)", manifest: `StatefulSet/${NS}/minio-ha`, path: "spec.podManagementPolicy", expected: "Parallel" },
];
