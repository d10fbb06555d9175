/** ML Pipeline API: the Kubernetes facts of its production deployment guide (seeds/004), section "Kubernetes Deployment" unless said otherwise. */
import type { Fact } from "./fact";

const DEPLOY = "Deployment/ml-pipeline/ml-api";
const POD = "spec.template.spec";
const C = `${POD}.containers[0]`;
const HPA = "HorizontalPodAutoscaler/ml-pipeline/ml-api-hpa";
const INGRESS = "Ingress/ml-pipeline/ml-api-ingress";
const CONFIG = "ConfigMap/ml-pipeline/ml-api-config";
const RULE = "PrometheusRule/ml-pipeline/ml-api";

export const facts: Fact[] = [
  // Namespace
  { guide: "Namespace: name: ml-pipeline", manifest: "Namespace/ml-pipeline", path: "metadata.name", expected: "ml-pipeline" },
  { guide: "Namespace labels: name: ml-pipeline", manifest: "Namespace/ml-pipeline", path: 'metadata.labels["name"]', expected: "ml-pipeline" },
  { guide: "Namespace labels: environment: production", manifest: "Namespace/ml-pipeline", path: 'metadata.labels["environment"]', expected: "production" },

  // ConfigMap ml-api-config
  { guide: 'ConfigMap ml-api-config: APP_NAME: "Customer Churn Prediction API"', manifest: CONFIG, path: "data.APP_NAME", expected: "Customer Churn Prediction API" },
  { guide: 'ConfigMap ml-api-config: ENVIRONMENT: "production"', manifest: CONFIG, path: "data.ENVIRONMENT", expected: "production" },
  { guide: 'ConfigMap ml-api-config: LOG_LEVEL: "info"', manifest: CONFIG, path: "data.LOG_LEVEL", expected: "info" },
  { guide: 'ConfigMap ml-api-config: WORKERS: "4"', manifest: CONFIG, path: "data.WORKERS", expected: "4" },
  { guide: 'ConfigMap ml-api-config: HOST: "0.0.0.0"', manifest: CONFIG, path: "data.HOST", expected: "0.0.0.0" },
  { guide: 'ConfigMap ml-api-config: PORT: "8001"', manifest: CONFIG, path: "data.PORT", expected: "8001" },
  { guide: "ConfigMap name: ml-api-config (envFrom configMapRef ml-api-config)", manifest: DEPLOY, path: `${C}.envFrom`, match: "includes", expected: { configMapRef: { name: "ml-api-config" } } },

  // Secret ml-api-secrets, read through envFrom
  { guide: "envFrom: secretRef: name: ml-api-secrets", manifest: DEPLOY, path: `${C}.envFrom`, match: "includes", expected: { secretRef: { name: "ml-api-secrets" } } },

  // Deployment
  { guide: "Deployment: name: ml-api, namespace: ml-pipeline", manifest: DEPLOY, path: "metadata.name", expected: "ml-api" },
  { guide: "Deployment labels: version: v2.0.0 (pod template)", manifest: DEPLOY, path: `spec.template.metadata.labels["app.kubernetes.io/version"]`, expected: "v2.0.0" },
  { guide: "Deployment metadata.labels: app: ml-api", manifest: DEPLOY, path: "metadata.labels.app", expected: "ml-api" },
  { guide: "Deployment metadata.labels: version: v2.0.0", manifest: DEPLOY, path: "metadata.labels.version", expected: "v2.0.0" },
  { guide: "Deployment template.metadata.labels: app: ml-api", manifest: DEPLOY, path: "spec.template.metadata.labels.app", expected: "ml-api" },
  { guide: "Deployment template.metadata.labels: version: v2.0.0", manifest: DEPLOY, path: "spec.template.metadata.labels.version", expected: "v2.0.0" },
  { guide: "replicas: 3 (the HPA's minReplicas: 3 owns the count)", manifest: HPA, path: "spec.minReplicas", expected: 3 },
  { guide: "containers: - name: ml-api", manifest: DEPLOY, path: `${C}.name`, expected: "ml-api" },
  { guide: "image: your-registry/ml-pipeline-api:v2.0.0", manifest: DEPLOY, path: `${C}.image`, expected: "your-registry/ml-pipeline-api:v2.0.0" },
  { guide: "ports: - containerPort: 8001", manifest: DEPLOY, path: `${C}.ports`, match: "includes", expected: { containerPort: 8001 } },
  { guide: 'resources.requests.memory: "2Gi"', manifest: DEPLOY, path: `${C}.resources.requests.memory`, expected: "2Gi" },
  { guide: 'resources.requests.cpu: "1000m"', manifest: DEPLOY, path: `${C}.resources.requests.cpu`, expected: "1000m" },
  { guide: 'resources.limits.memory: "4Gi"', manifest: DEPLOY, path: `${C}.resources.limits.memory`, expected: "4Gi" },
  { guide: 'resources.limits.cpu: "2000m"', manifest: DEPLOY, path: `${C}.resources.limits.cpu`, expected: "2000m" },
  { guide: "livenessProbe.httpGet.path: /health", manifest: DEPLOY, path: `${C}.livenessProbe.httpGet.path`, expected: "/health" },
  { guide: "livenessProbe.httpGet.port: 8001", manifest: DEPLOY, path: `${C}.livenessProbe.httpGet.port`, match: "port", expected: 8001 },
  { guide: "livenessProbe.initialDelaySeconds: 60", manifest: DEPLOY, path: `${C}.livenessProbe.initialDelaySeconds`, expected: 60 },
  { guide: "livenessProbe.periodSeconds: 30", manifest: DEPLOY, path: `${C}.livenessProbe.periodSeconds`, expected: 30 },
  { guide: "livenessProbe.timeoutSeconds: 10", manifest: DEPLOY, path: `${C}.livenessProbe.timeoutSeconds`, expected: 10 },
  { guide: "readinessProbe.httpGet.path: /health", manifest: DEPLOY, path: `${C}.readinessProbe.httpGet.path`, expected: "/health" },
  { guide: "readinessProbe.httpGet.port: 8001", manifest: DEPLOY, path: `${C}.readinessProbe.httpGet.port`, match: "port", expected: 8001 },
  { guide: "readinessProbe.initialDelaySeconds: 30", manifest: DEPLOY, path: `${C}.readinessProbe.initialDelaySeconds`, expected: 30 },
  { guide: "readinessProbe.periodSeconds: 10", manifest: DEPLOY, path: `${C}.readinessProbe.periodSeconds`, expected: 10 },
  { guide: "readinessProbe.timeoutSeconds: 5", manifest: DEPLOY, path: `${C}.readinessProbe.timeoutSeconds`, expected: 5 },
  { guide: "volumeMounts: logs at /app/logs", manifest: DEPLOY, path: `${C}.volumeMounts`, match: "includes", expected: { mountPath: "/app/logs" } },
  { guide: "volumes: - name: logs, emptyDir: {}", manifest: DEPLOY, path: `${POD}.volumes`, match: "includes", expected: { name: "logs" } },
  { guide: "Infrastructure Optimization: nodeAffinity required instance-type In [c5.2xlarge, c5.4xlarge]", manifest: DEPLOY, path: `${POD}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions`, match: "includes", expected: { key: "instance-type", operator: "In", values: ["c5.2xlarge", "c5.4xlarge"] } },

  // Service ml-api-service: 80 -> 8001
  { guide: "Service ml-api-service: name", manifest: "Service/ml-pipeline/ml-api-service", path: "metadata.name", expected: "ml-api-service" },
  { guide: "Ingress ml-api-ingress: name", manifest: INGRESS, path: "metadata.name", expected: "ml-api-ingress" },
  { guide: "HorizontalPodAutoscaler ml-api-hpa: name", manifest: HPA, path: "metadata.name", expected: "ml-api-hpa" },
  { guide: "Service: port: 80", manifest: "Service/ml-pipeline/ml-api-service", path: "spec.ports", match: "includes", expected: { port: 80, protocol: "TCP" } },
  { guide: "Service: targetPort: 8001", manifest: "Service/ml-pipeline/ml-api-service", path: "spec.ports[0].targetPort", match: "port", expected: 8001 },
  { guide: "Service: type: ClusterIP", manifest: "Service/ml-pipeline/ml-api-service", path: "spec.type", expected: "ClusterIP" },

  // Ingress ml-api-ingress
  { guide: "kubernetes.io/ingress.class: nginx (spec.ingressClassName, the annotation's replacement)", manifest: INGRESS, path: "spec.ingressClassName", expected: "nginx" },
  { guide: "cert-manager.io/cluster-issuer: letsencrypt-prod", manifest: INGRESS, path: 'metadata.annotations["cert-manager.io/cluster-issuer"]', expected: "letsencrypt-prod" },
  { guide: 'nginx.ingress.kubernetes.io/rate-limit: "1000"', manifest: INGRESS, path: 'metadata.annotations["nginx.ingress.kubernetes.io/rate-limit"]', expected: "1000" },
  { guide: 'nginx.ingress.kubernetes.io/rate-limit-window: "1m"', manifest: INGRESS, path: 'metadata.annotations["nginx.ingress.kubernetes.io/rate-limit-window"]', expected: "1m" },
  { guide: "tls: hosts: [api.yourcompany.com]", manifest: INGRESS, path: "spec.tls[0].hosts", expected: ["api.yourcompany.com"] },
  { guide: "tls: secretName: ml-api-tls", manifest: INGRESS, path: "spec.tls[0].secretName", expected: "ml-api-tls" },
  { guide: "rules: host: api.yourcompany.com", manifest: INGRESS, path: "spec.rules[0].host", expected: "api.yourcompany.com" },
  { guide: "paths: path: /", manifest: INGRESS, path: "spec.rules[0].http.paths[0].path", expected: "/" },
  { guide: "paths: pathType: Prefix", manifest: INGRESS, path: "spec.rules[0].http.paths[0].pathType", expected: "Prefix" },
  { guide: "backend: service port number: 80 (the Ingress names the Service's http port ...)", manifest: INGRESS, path: "spec.rules[0].http.paths[0].backend.service.port.name", expected: "http" },
  { guide: "backend: service port number: 80 (... which is port 80)", manifest: "Service/ml-pipeline/ml-api-service", path: "spec.ports[name=http].port", expected: 80 },
  { guide: "backend: service name: ml-api-service", manifest: INGRESS, path: "spec.rules[0].http.paths[0].backend.service.name", expected: "ml-api-service" },

  // HorizontalPodAutoscaler ml-api-hpa
  { guide: "HPA scaleTargetRef: Deployment ml-api", manifest: HPA, path: "spec.scaleTargetRef", expected: { apiVersion: "apps/v1", kind: "Deployment", name: "ml-api" } },
  { guide: "HPA maxReplicas: 10", manifest: HPA, path: "spec.maxReplicas", expected: 10 },
  { guide: "HPA cpu averageUtilization: 70", manifest: HPA, path: "spec.metrics[type=Resource]", expected: { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } } },
  { guide: "HPA memory averageUtilization: 80", manifest: HPA, path: "spec.metrics", match: "includes", expected: { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } } },

  // Monitoring and alerts
  { guide: "Prometheus scrape: metrics_path: /metrics", manifest: "ServiceMonitor/ml-pipeline/ml-api", path: "spec.endpoints[0].path", expected: "/metrics" },
  { guide: "Prometheus scrape: targets ml-api:8001 (metrics on the application's port)", manifest: "ServiceMonitor/ml-pipeline/ml-api", path: "spec.endpoints[0].port", expected: "http" },
  { guide: "Prometheus may reach ml-api:8001", manifest: "NetworkPolicy/ml-pipeline/ml-api", path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: 8001 }] } },
  { guide: "Prometheus scrape: scrape_interval: 5s", manifest: "ServiceMonitor/ml-pipeline/ml-api", path: "spec.endpoints[0].interval", expected: "5s" },
  { guide: "Alert HighErrorRate: rate(ml_api_errors_total[5m]) > 0.1 for 2m, critical", manifest: "PrometheusRule/ml-pipeline/ml-api", path: "spec.groups[name=ml-api.custom].rules[alert=HighErrorRate].expr", expected: "rate(ml_api_errors_total[5m]) > 0.1" },
  { guide: "Alert HighErrorRate: for: 2m", manifest: RULE, path: "spec.groups[name=ml-api.custom].rules[alert=HighErrorRate].for", expected: "2m" },
  { guide: "Alert HighErrorRate: severity: critical", manifest: RULE, path: "spec.groups[name=ml-api.custom].rules[alert=HighErrorRate].labels.severity", expected: "critical" },
  { guide: 'Alert HighErrorRate: description "Error rate is {{ $value }} errors per second"', manifest: RULE, path: "spec.groups[name=ml-api.custom].rules[alert=HighErrorRate].annotations.description", expected: "Error rate is {{ $value }} errors per second" },
  { guide: "Alert HighResponseTime: histogram_quantile(0.95, ...) > 1 for 5m, warning", manifest: "PrometheusRule/ml-pipeline/ml-api", path: "spec.groups[name=ml-api.custom].rules[alert=HighResponseTime].expr", expected: "histogram_quantile(0.95, rate(ml_api_request_duration_seconds_bucket[5m])) > 1" },
  { guide: "Alert HighResponseTime: for: 5m", manifest: RULE, path: "spec.groups[name=ml-api.custom].rules[alert=HighResponseTime].for", expected: "5m" },
  { guide: "Alert HighResponseTime: severity: warning", manifest: RULE, path: "spec.groups[name=ml-api.custom].rules[alert=HighResponseTime].labels.severity", expected: "warning" },
  { guide: "Alert ModelAccuracyDrop: ml_model_accuracy < 0.8", manifest: "PrometheusRule/ml-pipeline/ml-api", path: "spec.groups[name=ml-api.custom].rules[alert=ModelAccuracyDrop].expr", expected: "ml_model_accuracy < 0.8" },
  { guide: "Alert ModelAccuracyDrop: for: 1m", manifest: "PrometheusRule/ml-pipeline/ml-api", path: "spec.groups[name=ml-api.custom].rules[alert=ModelAccuracyDrop].for", expected: "1m" },
  { guide: "Alert ModelAccuracyDrop: severity: critical", manifest: "PrometheusRule/ml-pipeline/ml-api", path: "spec.groups[name=ml-api.custom].rules[alert=ModelAccuracyDrop].labels.severity", expected: "critical" },

  // Network security
  { guide: "Allow API (8001) from load balancer only", manifest: "NetworkPolicy/ml-pipeline/ml-api", path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] } },
  { guide: "iptables: --dport 8001 -s 10.0.0.0/8 -j ACCEPT", manifest: "NetworkPolicy/ml-pipeline/ml-api", path: "spec.ingress", match: "includes", expected: { from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] } },

  // Backups
  { guide: "Backup Procedures: keep 30 days", manifest: "Schedule/velero/ml-pipeline-production-daily", path: "spec.template.ttl", expected: "720h" },
];
