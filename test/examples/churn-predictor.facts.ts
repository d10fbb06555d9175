/** Customer churn predictor: the Kubernetes facts of its production deployment guide (seeds/002). */
import type { Fact } from "./fact";

const NS = "churn-predictor";
// Blue-green: an Argo Rollout runs the pods (with the Deployment's pod template).
const DEPLOY = `Rollout/${NS}/churn-predictor`;
const POD = "spec.template.spec";
const C = `${POD}.containers[0]`;
const HPA = `HorizontalPodAutoscaler/${NS}/churn-predictor-hpa`;
const INGRESS = `Ingress/${NS}/churn-predictor-ingress`;
const RULE = `PrometheusRule/${NS}/churn-predictor`;

export const facts: Fact[] = [
  // Docker deployment, as the Kubernetes Deployment runs it
  { guide: "docker build -t churn-predictor:latest", manifest: DEPLOY, path: `${C}.image`, expected: "churn-predictor:latest" },
  { guide: "-p 8000:8000", manifest: DEPLOY, path: `${C}.ports`, match: "includes", expected: { containerPort: 8000, protocol: "TCP" } },
  { guide: "-e ENVIRONMENT=production", manifest: `ConfigMap/${NS}/churn-predictor-env`, path: "data.ENVIRONMENT", expected: "production" },
  { guide: 'export DEBUG="False"', manifest: `ConfigMap/${NS}/churn-predictor-env`, path: "data.DEBUG", expected: "False" },
  { guide: "-e API_KEY=${API_KEY} (a Secret, never a literal)", manifest: DEPLOY, path: `${C}.env`, match: "includes", expected: { name: "API_KEY", valueFrom: { secretKeyRef: {} } } },
  { guide: "-v $(pwd)/models:/app/models", manifest: DEPLOY, path: `${C}.volumeMounts`, match: "includes", expected: { mountPath: "/app/models" } },
  { guide: "Persistent volumes for models", manifest: DEPLOY, path: `${POD}.volumes`, match: "includes", expected: { persistentVolumeClaim: { claimName: "churn-predictor-model", readOnly: true } } },
  { guide: "-v $(pwd)/logs:/app/logs", manifest: DEPLOY, path: `${C}.volumeMounts`, match: "includes", expected: { mountPath: "/app/logs" } },
  { guide: "System Resources: Optimized for 4+ CPU cores", manifest: DEPLOY, path: `${C}.resources.requests.cpu`, match: "quantity", expected: "4" },
  { guide: "System Resources: 8GB+ RAM", manifest: DEPLOY, path: `${C}.resources.requests.memory`, expected: "8Gi" },

  // Kubernetes deployment: the Deployment and its labels
  { guide: "kubectl rollout status deployment/churn-predictor", manifest: DEPLOY, path: "metadata.name", expected: "churn-predictor" },
  { guide: "kubectl get pods -l app=churn-predictor", manifest: DEPLOY, path: "spec.template.metadata.labels.app", expected: "churn-predictor" },

  // Auto-scaling Configuration
  { guide: "HPA metadata.name: churn-predictor-hpa", manifest: `HorizontalPodAutoscaler/${NS}/churn-predictor-hpa`, path: "metadata.name", expected: "churn-predictor-hpa" },
  { guide: "HPA scaleTargetRef: Deployment churn-predictor (the Rollout that replaces it for blue-green)", manifest: HPA, path: "spec.scaleTargetRef", expected: { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "churn-predictor" } },
  { guide: "HPA minReplicas: 3", manifest: HPA, path: "spec.minReplicas", expected: 3 },
  { guide: "HPA maxReplicas: 50", manifest: HPA, path: "spec.maxReplicas", expected: 50 },
  { guide: "HPA cpu averageUtilization: 70", manifest: HPA, path: "spec.metrics", expected: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },

  // Health Checks & SLIs
  { guide: "livenessProbe.httpGet.path: /health", manifest: DEPLOY, path: `${C}.livenessProbe.httpGet.path`, expected: "/health" },
  { guide: "livenessProbe.httpGet.port: 8000", manifest: DEPLOY, path: `${C}.livenessProbe.httpGet.port`, match: "port", expected: 8000 },
  { guide: "livenessProbe.initialDelaySeconds: 30", manifest: DEPLOY, path: `${C}.livenessProbe.initialDelaySeconds`, expected: 30 },
  { guide: "livenessProbe.periodSeconds: 10", manifest: DEPLOY, path: `${C}.livenessProbe.periodSeconds`, expected: 10 },
  { guide: "readinessProbe.httpGet.path: /ready", manifest: DEPLOY, path: `${C}.readinessProbe.httpGet.path`, expected: "/ready" },
  { guide: "readinessProbe.httpGet.port: 8000", manifest: DEPLOY, path: `${C}.readinessProbe.httpGet.port`, match: "port", expected: 8000 },
  { guide: "readinessProbe.initialDelaySeconds: 5", manifest: DEPLOY, path: `${C}.readinessProbe.initialDelaySeconds`, expected: 5 },
  { guide: "readinessProbe.periodSeconds: 5", manifest: DEPLOY, path: `${C}.readinessProbe.periodSeconds`, expected: 5 },
  { guide: "SLI API Response Time: p95 < 200ms", manifest: RULE, path: "spec.groups[name=churn-predictor.slo].rules[alert=LatencyP95High].expr", match: "contains", expected: "> 0.2" },
  { guide: "SLI Error Rate: < 0.1%", manifest: RULE, path: "spec.groups[name=churn-predictor.slo].rules[alert=ErrorRatioHigh].expr", match: "contains", expected: "> 0.001" },
  // 99.9% of requests succeed over 30 days: a budget of 0.1%, burnt 14.4 times too fast (2% of it in 1h) pages.
  { guide: "SLI Availability: 99.9% uptime (a fast burn of the 0.1% budget pages)", manifest: RULE, path: "spec.groups[name=churn-predictor.slo-burn].rules[alert=ErrorBudgetBurnFast].expr", match: "contains", expected: "slo:sli_error:ratio_rate1h{namespace=\"churn-predictor\", service=\"churn-predictor\"} > 0.0144" },
  { guide: "SLI Availability: 99.9% uptime (fast burn: critical)", manifest: RULE, path: "spec.groups[name=churn-predictor.slo-burn].rules[alert=ErrorBudgetBurnFast].labels.severity", expected: "critical" },
  { guide: "SLI Availability: 99.9% uptime (a slow burn opens a ticket)", manifest: RULE, path: "spec.groups[name=churn-predictor.slo-burn].rules[alert=ErrorBudgetBurnSlow].labels.severity", expected: "warning" },

  // TLS/SSL Configuration
  { guide: "Ingress metadata.name: churn-predictor-ingress", manifest: `Ingress/${NS}/churn-predictor-ingress`, path: "metadata.name", expected: "churn-predictor-ingress" },
  { guide: "cert-manager.io/cluster-issuer: letsencrypt-prod", manifest: INGRESS, path: 'metadata.annotations["cert-manager.io/cluster-issuer"]', expected: "letsencrypt-prod" },
  { guide: "tls hosts: [api.churn-predictor.com]", manifest: INGRESS, path: "spec.tls[0].hosts", expected: ["api.churn-predictor.com"] },
  { guide: "tls secretName: churn-predictor-tls", manifest: INGRESS, path: "spec.tls[0].secretName", expected: "churn-predictor-tls" },
  { guide: "curl https://api.churn-predictor.com/health (the Ingress routes the host)", manifest: INGRESS, path: "spec.rules[0].host", expected: "api.churn-predictor.com" },

  // Blue-Green Deployment
  { guide: "curl -f http://churn-predictor-green:8000/health (Service port 8000)", manifest: `Service/${NS}/churn-predictor`, path: "spec.ports", match: "includes", expected: { name: "http", port: 8000 } },
  { guide: "kubectl apply -f deployment/kubernetes/green/ (the new version beside the old, reached as churn-predictor-green)", manifest: DEPLOY, path: "spec.strategy.blueGreen.previewService", expected: "churn-predictor-green" },
  { guide: "curl -f http://churn-predictor-green:8000/health (the green Service)", manifest: `Service/${NS}/churn-predictor-green`, path: "spec.ports", match: "includes", expected: { name: "http", port: 8000 } },
  { guide: 'kubectl patch service churn-predictor -p \'{"spec":{"selector":{"version":"green"}}}\' (the switch of the active Service)', manifest: DEPLOY, path: "spec.strategy.blueGreen.activeService", expected: "churn-predictor" },
  { guide: "Run health checks before switching traffic (an analysis before promotion)", manifest: DEPLOY, path: "spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName", expected: "churn-predictor" },
  { guide: "Error Rate: < 0.1% (the green version fails its analysis above it)", manifest: `AnalysisTemplate/${NS}/churn-predictor`, path: "spec.metrics[name=error-ratio].failureCondition", expected: "len(result) > 0 && result[0] > 0.001" },
  // The launch ramp is a canary's: the environment launch (production with a canary delivery; a service has
  // one delivery, and production deploys blue-green as the guide's deployments do).
  { guide: "Traffic Ramp-up: start with 10% traffic", env: "launch", manifest: DEPLOY, path: "spec.strategy.canary.steps[0].setWeight", expected: 10 },
  { guide: "Traffic Ramp-up: monitor for 30 minutes", env: "launch", manifest: DEPLOY, path: "spec.strategy.canary.steps[1].pause.duration", expected: "30m" },

  // Disaster Recovery and High Availability
  { guide: "Recovery Procedures: RPO: 1 hour", manifest: "Schedule/velero/churn-predictor-production-frequent", path: "spec.schedule", expected: "0 * * * *" },
  { guide: "Backup Strategy: configuration backup (the platform's namespace in every Velero schedule)", manifest: "Schedule/velero/churn-predictor-production-daily", path: "spec.template.includedNamespaces", expected: ["churn-predictor"] },
  { guide: "High Availability: Multi-AZ deployment", manifest: DEPLOY, path: `${POD}.topologySpreadConstraints`, match: "includes", expected: { topologyKey: "topology.kubernetes.io/zone" } },
];
