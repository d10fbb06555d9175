/** MLOps Platform: the Kubernetes facts of its production deployment guide (seeds/000). */
import type { Fact } from "./fact";

const NS = "mlops-platform";
const BACKEND = `Deployment/${NS}/backend`;
const FRONTEND = `Deployment/${NS}/frontend`;
const C = "spec.template.spec.containers[0]";
const BACKEND_CONFIG = `ConfigMap/${NS}/backend-env`;
const FRONTEND_CONFIG = `ConfigMap/${NS}/frontend-env`;

const config = (manifest: string, section: string, entries: Record<string, string>): Fact[] =>
  Object.entries(entries).map(([key, value]) => ({ guide: `${section}: ${key}=${value}`, manifest, path: `data.${key}`, expected: value }));
const secretRef = (env: string, secret: string, key: string, section: string): Fact => ({
  guide: `${section}: ${env} from Secret ${secret} key ${key}`,
  manifest: BACKEND,
  path: `${C}.env[name=${env}].valueFrom.secretKeyRef`,
  expected: { name: secret, key },
});

export const facts: Fact[] = [
  // 2.2 Kubernetes Secrets Management
  { guide: "2.2 kubectl create namespace mlops-platform", manifest: `Namespace/${NS}`, path: "metadata.name", expected: NS },
  secretRef("POSTGRES_USERNAME", "postgres-credentials", "username", "2.2 postgres-credentials"),
  secretRef("POSTGRES_PASSWORD", "postgres-credentials", "password", "2.2 postgres-credentials"),
  secretRef("POSTGRES_HOST", "postgres-credentials", "host", "2.2 postgres-credentials"),
  secretRef("POSTGRES_DATABASE", "postgres-credentials", "database", "2.2 postgres-credentials"),
  secretRef("REDIS_URL", "redis-credentials", "url", "2.2 redis-credentials; values.yaml REDIS_URL"),
  secretRef("SECRET_KEY", "app-secrets", "secret-key", "2.2 app-secrets; values.yaml SECRET_KEY"),
  secretRef("JWT_SECRET", "app-secrets", "jwt-secret", "2.2 app-secrets; values.yaml JWT_SECRET"),
  secretRef("MINIO_ACCESS_KEY", "app-secrets", "minio-access-key", "2.2 app-secrets; 9.1 MINIO_ACCESS_KEY"),
  secretRef("MINIO_SECRET_KEY", "app-secrets", "minio-secret-key", "2.2 app-secrets; 9.1 MINIO_SECRET_KEY"),
  secretRef("SMTP_USERNAME", "email-credentials", "smtp-username", "2.2 email-credentials"),
  secretRef("SMTP_PASSWORD", "email-credentials", "smtp-password", "2.2 email-credentials"),
  secretRef("SENDGRID_API_KEY", "email-credentials", "sendgrid-api-key", "2.2 email-credentials"),

  // 2.1 / 2.3 values.yaml: backend
  { guide: "2.1 yourdomain.com/mlops-platform/backend:v1.0.0", manifest: BACKEND, path: `${C}.image`, expected: "yourdomain.com/mlops-platform/backend:v1.0.0" },
  { guide: "values.yaml backend.replicaCount: 3 (= autoscaling.minReplicas)", manifest: `HorizontalPodAutoscaler/${NS}/backend-hpa`, path: "spec.minReplicas", expected: 3 },
  { guide: "values.yaml backend.autoscaling.maxReplicas: 20", manifest: `HorizontalPodAutoscaler/${NS}/backend-hpa`, path: "spec.maxReplicas", expected: 20 },
  { guide: "values.yaml backend targetCPUUtilizationPercentage: 70", manifest: `HorizontalPodAutoscaler/${NS}/backend-hpa`, path: "spec.metrics", match: "includes", expected: { resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } } },
  { guide: "values.yaml backend targetMemoryUtilizationPercentage: 80", manifest: `HorizontalPodAutoscaler/${NS}/backend-hpa`, path: "spec.metrics", match: "includes", expected: { resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } } },
  { guide: "9.2 HorizontalPodAutoscaler backend-hpa", manifest: `HorizontalPodAutoscaler/${NS}/backend-hpa`, path: "metadata.name", expected: "backend-hpa" },
  { guide: "9.2 HPA backend-hpa: HPAMaxedOut watches it by name", manifest: `PrometheusRule/${NS}/workload-alerts`, path: "spec.groups[0].rules[alert=HPAMaxedOut].expr", match: "contains", expected: "backend-hpa" },
  { guide: "9.2 HPA scaleTargetRef: Deployment backend", manifest: `HorizontalPodAutoscaler/${NS}/backend-hpa`, path: "spec.scaleTargetRef", expected: { apiVersion: "apps/v1", kind: "Deployment", name: "backend" } },
  { guide: "values.yaml backend resources.requests.cpu: 500m", manifest: BACKEND, path: `${C}.resources.requests.cpu`, expected: "500m" },
  { guide: "values.yaml backend resources.requests.memory: 1Gi", manifest: BACKEND, path: `${C}.resources.requests.memory`, expected: "1Gi" },
  { guide: "values.yaml backend resources.limits.cpu: 2000m", manifest: BACKEND, path: `${C}.resources.limits.cpu`, expected: "2000m" },
  { guide: "values.yaml backend resources.limits.memory: 4Gi", manifest: BACKEND, path: `${C}.resources.limits.memory`, expected: "4Gi" },
  { guide: 'values.yaml backend.env DATABASE_URL: "postgresql://$(POSTGRES_USERNAME):$(POSTGRES_PASSWORD)@$(POSTGRES_HOST)/$(POSTGRES_DATABASE)"', manifest: BACKEND, path: `${C}.env[name=DATABASE_URL].value`, expected: "postgresql://$(POSTGRES_USERNAME):$(POSTGRES_PASSWORD)@$(POSTGRES_HOST)/$(POSTGRES_DATABASE)" },
  ...config(BACKEND_CONFIG, "values.yaml backend.env", { ENVIRONMENT: "production", LOG_LEVEL: "INFO", ALLOWED_HOSTS: "api.yourdomain.com,yourdomain.com" }),
  ...config(BACKEND_CONFIG, "9.1 Backend Production Environment", {
    DEBUG: "false",
    JWT_EXPIRE_MINUTES: "60",
    DATABASE_POOL_SIZE: "20",
    DATABASE_MAX_OVERFLOW: "30",
    REDIS_EXPIRE: "3600",
    MINIO_ENDPOINT: "s3.amazonaws.com",
    MINIO_BUCKET: "mlops-platform-models",
    DEFAULT_REQUESTS_PER_MINUTE: "100",
    DEFAULT_REQUESTS_PER_HOUR: "5000",
    DEFAULT_BATCH_REQUESTS_PER_MINUTE: "20",
    MAX_MODELS_IN_MEMORY: "50",
    MODEL_TTL_HOURS: "48",
    PROMETHEUS_METRICS: "true",
    SMTP_HOST: "smtp.sendgrid.net",
    SMTP_PORT: "587",
    FROM_EMAIL: "noreply@yourdomain.com",
  }),
  { guide: "4.2 Backend API Port 8000; Prometheus targets backend-service:8000", manifest: BACKEND, path: `${C}.ports`, match: "includes", expected: { containerPort: 8000 } },
  { guide: "5.1 targets: backend-service:8000 (the Service's name)", manifest: `Service/${NS}/backend-service`, path: "metadata.name", expected: "backend-service" },
  { guide: "5.1 targets: backend-service (scraped series keep service=backend, which the alerts match)", manifest: `ServiceMonitor/${NS}/backend`, path: "spec.endpoints[0].relabelings", expected: [{ action: "replace", targetLabel: "service", replacement: "backend" }] },
  { guide: "5.1 targets: backend-service:8000 (the Service's port)", manifest: `Service/${NS}/backend-service`, path: "spec.ports", match: "includes", expected: { name: "http", port: 8000 } },
  { guide: "8.1 curl -f https://api.yourdomain.com/health (readiness)", manifest: BACKEND, path: `${C}.readinessProbe.httpGet.path`, expected: "/health" },
  { guide: "8.1 curl -f https://api.yourdomain.com/health (liveness)", manifest: BACKEND, path: `${C}.livenessProbe.httpGet.path`, expected: "/health" },
  { guide: "5.1 job mlops-backend: metrics_path /metrics on port 8000", manifest: `ServiceMonitor/${NS}/backend`, path: "spec.endpoints", match: "includes", expected: { path: "/metrics", port: "http" } },
  { guide: "5.1 job mlops-inference: metrics_path /api/v1/metrics on port 8000", manifest: `ServiceMonitor/${NS}/backend`, path: "spec.endpoints", match: "includes", expected: { path: "/api/v1/metrics", port: "http" } },
  { guide: "5.1 global scrape_interval: 15s", manifest: `ServiceMonitor/${NS}/backend`, path: "spec.endpoints[0].interval", expected: "15s" },

  // values.yaml: frontend
  { guide: "2.1 yourdomain.com/mlops-platform/frontend:v1.0.0", manifest: FRONTEND, path: `${C}.image`, expected: "yourdomain.com/mlops-platform/frontend:v1.0.0" },
  { guide: "values.yaml frontend.replicaCount: 2 (= autoscaling.minReplicas)", manifest: `HorizontalPodAutoscaler/${NS}/frontend`, path: "spec.minReplicas", expected: 2 },
  { guide: "values.yaml frontend.autoscaling.maxReplicas: 10", manifest: `HorizontalPodAutoscaler/${NS}/frontend`, path: "spec.maxReplicas", expected: 10 },
  { guide: "values.yaml frontend targetCPUUtilizationPercentage: 70", manifest: `HorizontalPodAutoscaler/${NS}/frontend`, path: "spec.metrics", expected: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
  { guide: "values.yaml frontend resources.requests.cpu: 100m", manifest: FRONTEND, path: `${C}.resources.requests.cpu`, expected: "100m" },
  { guide: "values.yaml frontend resources.requests.memory: 256Mi", manifest: FRONTEND, path: `${C}.resources.requests.memory`, expected: "256Mi" },
  { guide: "values.yaml frontend resources.limits.cpu: 500m", manifest: FRONTEND, path: `${C}.resources.limits.cpu`, expected: "500m" },
  { guide: "values.yaml frontend resources.limits.memory: 512Mi", manifest: FRONTEND, path: `${C}.resources.limits.memory`, expected: "512Mi" },
  { guide: "8.1 curl -f https://yourdomain.com/ (readiness)", manifest: FRONTEND, path: `${C}.readinessProbe.httpGet.path`, expected: "/" },
  { guide: "8.1 curl -f https://yourdomain.com/ (liveness)", manifest: FRONTEND, path: `${C}.livenessProbe.httpGet.path`, expected: "/" },
  { guide: "frontend is a web frontend, not a model server", manifest: FRONTEND, path: 'metadata.labels["app.kubernetes.io/component"]', expected: "frontend" },
  ...config(FRONTEND_CONFIG, "9.1 Frontend Production Environment", {
    NEXT_PUBLIC_API_URL: "https://api.yourdomain.com",
    NEXT_PUBLIC_WS_URL: "wss://api.yourdomain.com",
    NODE_ENV: "production",
    NEXT_PUBLIC_ENVIRONMENT: "production",
    NEXT_PUBLIC_ENABLE_ANALYTICS: "true",
    NEXT_PUBLIC_ENABLE_ONBOARDING: "true",
    NEXT_PUBLIC_ENABLE_HELP_CHAT: "true",
  }),

  // values.yaml ingress
  { guide: "ingress.className: nginx (frontend)", manifest: `Ingress/${NS}/frontend`, path: "spec.ingressClassName", expected: "nginx" },
  { guide: "ingress.className: nginx (backend)", manifest: `Ingress/${NS}/backend`, path: "spec.ingressClassName", expected: "nginx" },
  { guide: "cert-manager.io/cluster-issuer: letsencrypt-prod", manifest: `Ingress/${NS}/backend`, path: 'metadata.annotations["cert-manager.io/cluster-issuer"]', expected: "letsencrypt-prod" },
  { guide: 'nginx.ingress.kubernetes.io/rate-limit: "100" (backend)', manifest: `Ingress/${NS}/backend`, path: 'metadata.annotations["nginx.ingress.kubernetes.io/rate-limit"]', expected: "100" },
  { guide: 'nginx.ingress.kubernetes.io/rate-limit-window: "1m" (backend)', manifest: `Ingress/${NS}/backend`, path: 'metadata.annotations["nginx.ingress.kubernetes.io/rate-limit-window"]', expected: "1m" },
  { guide: 'nginx.ingress.kubernetes.io/rate-limit: "100" (frontend)', manifest: `Ingress/${NS}/frontend`, path: 'metadata.annotations["nginx.ingress.kubernetes.io/rate-limit"]', expected: "100" },
  { guide: 'nginx.ingress.kubernetes.io/rate-limit-window: "1m" (frontend)', manifest: `Ingress/${NS}/frontend`, path: 'metadata.annotations["nginx.ingress.kubernetes.io/rate-limit-window"]', expected: "1m" },
  { guide: "hosts: yourdomain.com, path /, Prefix -> frontend", manifest: `Ingress/${NS}/frontend`, path: "spec.rules[host=yourdomain.com].http.paths", match: "includes", expected: { path: "/", pathType: "Prefix", backend: { service: { name: "frontend" } } } },
  { guide: "hosts: api.yourdomain.com, path /, Prefix -> backend (its Service backend-service)", manifest: `Ingress/${NS}/backend`, path: "spec.rules[host=api.yourdomain.com].http.paths", match: "includes", expected: { path: "/", pathType: "Prefix", backend: { service: { name: "backend-service" } } } },
  { guide: "tls: secretName: mlops-platform-tls (frontend)", manifest: `Ingress/${NS}/frontend`, path: "spec.tls[0].secretName", expected: "mlops-platform-tls" },
  { guide: "tls: secretName: mlops-platform-tls (backend)", manifest: `Ingress/${NS}/backend`, path: "spec.tls[0].secretName", expected: "mlops-platform-tls" },
  { guide: "tls: hosts: [yourdomain.com, api.yourdomain.com] (the frontend's Ingress names the same certificate)", manifest: `Ingress/${NS}/frontend`, path: "spec.tls[0].hosts", expected: ["yourdomain.com", "api.yourdomain.com"] },
  { guide: "tls: hosts: [yourdomain.com, api.yourdomain.com] (one certificate, both SANs)", manifest: `Ingress/${NS}/backend`, path: "spec.tls[0].hosts", expected: ["yourdomain.com", "api.yourdomain.com"] },

  // 4.2 Network Security
  { guide: "4.2 Port 8000: From ALB only (the ingress controller)", manifest: `NetworkPolicy/${NS}/backend`, path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }], ports: [{ port: "http" }] } },
  { guide: "4.2 Port 5432: From backend only (PostgreSQL)", manifest: `NetworkPolicy/${NS}/backend`, path: "spec.egress", match: "includes", expected: { ports: [{ port: 5432, protocol: "TCP" }] } },
  { guide: "4.2 Port 6379: From backend only (Redis)", manifest: `NetworkPolicy/${NS}/backend`, path: "spec.egress", match: "includes", expected: { ports: [{ port: 6379, protocol: "TCP" }] } },
  { guide: "4.2 Frontend (public via ALB)", manifest: `NetworkPolicy/${NS}/frontend`, path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] } },

  // 5.3 Alerting Rules
  { guide: '5.3 HighErrorRate: rate(http_requests_total{status=~"5.."}[5m]) > 0.1 for 5m', manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=HighErrorRate].expr", expected: 'rate(http_requests_total{status=~"5.."}[5m]) > 0.1' },
  { guide: "5.3 ModelInferenceLatency: histogram_quantile(0.95, ...) > 1 for 5m", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=ModelInferenceLatency].expr", expected: "histogram_quantile(0.95, rate(inference_duration_seconds_bucket[5m])) > 1" },
  { guide: "5.3 HighErrorRate: for: 5m", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=HighErrorRate].for", expected: "5m" },
  { guide: "5.3 HighErrorRate: summary", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=HighErrorRate].annotations.summary", expected: "High error rate detected" },
  { guide: "5.3 ModelInferenceLatency: for: 5m", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=ModelInferenceLatency].for", expected: "5m" },
  { guide: "5.3 ModelInferenceLatency: summary", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=ModelInferenceLatency].annotations.summary", expected: "Model inference latency is high" },
  { guide: "5.3 DatabaseConnections: pg_stat_database_numbackends > 80", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=DatabaseConnections].expr", expected: "pg_stat_database_numbackends > 80" },
  { guide: "5.3 DatabaseConnections: for: 2m", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=DatabaseConnections].for", expected: "2m" },
  { guide: "5.3 DatabaseConnections: summary", manifest: `PrometheusRule/${NS}/backend`, path: "spec.groups[name=backend.custom].rules[alert=DatabaseConnections].annotations.summary", expected: "High number of database connections" },

  // 1.3 DNS and SSL Configuration
  { guide: "1.3 ClusterIssuer letsencrypt-prod: http01 solver with ingress class nginx", manifest: "ClusterIssuer/letsencrypt-prod", path: "spec.acme.solvers[0].http01.ingress.class", expected: "nginx" },
  { guide: "1.3 ClusterIssuer letsencrypt-prod: server (Let's Encrypt production)", manifest: "ClusterIssuer/letsencrypt-prod", path: "spec.acme.server", expected: "https://acme-v02.api.letsencrypt.org/directory" },
  { guide: "1.3 ClusterIssuer letsencrypt-prod: email admin@yourdomain.com", manifest: "ClusterIssuer/letsencrypt-prod", path: "spec.acme.email", expected: "admin@yourdomain.com" },
  { guide: "1.3 ClusterIssuer letsencrypt-prod: privateKeySecretRef letsencrypt-prod", manifest: "ClusterIssuer/letsencrypt-prod", path: "spec.acme.privateKeySecretRef.name", expected: "letsencrypt-prod" },

  // 7.1 Velero
  { guide: "7.1 Schedule daily-backup (name)", manifest: "Schedule/velero/daily-backup", path: "metadata.name", expected: "daily-backup" },
  { guide: '7.1 schedule: "0 2 * * *"', manifest: `Schedule/velero/daily-backup`, path: "spec.schedule", expected: "0 2 * * *" },
  { guide: "7.1 includedNamespaces: [mlops-platform]", manifest: `Schedule/velero/daily-backup`, path: "spec.template.includedNamespaces", expected: [NS] },
  { guide: "7.1 storageLocation: default", manifest: `Schedule/velero/daily-backup`, path: "spec.template.storageLocation", expected: "default" },
  { guide: "7.1 ttl: 720h0m0s", manifest: `Schedule/velero/daily-backup`, path: "spec.template.ttl", expected: "720h0m0s" },

  // Security hardening and operations
  { guide: "Container Security: non-root users", manifest: BACKEND, path: "spec.template.spec.securityContext.runAsNonRoot", expected: true },
  { guide: "Access Control: service accounts with minimal permissions (no API token)", manifest: BACKEND, path: "spec.template.spec.automountServiceAccountToken", expected: false },
  { guide: "11.1 Rolling update procedure", manifest: BACKEND, path: "spec.strategy.type", expected: "RollingUpdate" },
];
