/** Production readiness guide: the Kubernetes facts of seeds/003, section by section. */
import type { Fact } from "./fact";

const NS = "production";
// The canary: an Argo Rollout runs the pods (with the Deployment's pod template).
const DEPLOY = `Rollout/${NS}/model-serving`;
const POD = "spec.template.spec";
const C = `${POD}.containers[0]`;
const HPA = `HorizontalPodAutoscaler/${NS}/model-serving`;
const VPA = `VerticalPodAutoscaler/${NS}/model-serving`;
const NETPOL = `NetworkPolicy/${NS}/model-serving`;
const INGRESS = `Ingress/${NS}/model-serving`;
const RULE = `PrometheusRule/${NS}/model-serving`;
const ROUTING = "AlertmanagerConfig/monitoring/ml-platform-production";
const QUOTA = `ResourceQuota/${NS}/production-quota`;
const LIMITS = `LimitRange/${NS}/production-limits`;
const VELERO = "Schedule/velero/daily-backup";
const PGB = `Deployment/${NS}/pgbouncer`;
// Blue-Green: the environment blue-green (production with the blue-green delivery; a service has one delivery,
// and production takes the canary). Argo Rollouts runs the guide's blue and green Deployments as one Rollout:
// the stable ReplicaSet is the blue one, the next version's the green one (reached first at model-serving-green).
const BLUE_GREEN = "blue-green";

const CUSTOM = "spec.groups[name=model-serving.custom].rules";
/** An alert of the guide's group "application": its expression, `for`, severity and team as written. */
const applicationAlert = (alert: string, expr: string, duration: string, severity: string): Fact[] => [
  { guide: `${alert}: expr as written`, manifest: RULE, path: `${CUSTOM}[alert=${alert}].expr`, expected: expr },
  { guide: `${alert}: for ${duration}`, manifest: RULE, path: `${CUSTOM}[alert=${alert}].for`, expected: duration },
  { guide: `${alert}: severity ${severity}`, manifest: RULE, path: `${CUSTOM}[alert=${alert}].labels.severity`, expected: severity },
  { guide: `${alert}: team ml-platform`, manifest: RULE, path: `${CUSTOM}[alert=${alert}].labels.team`, expected: "ml-platform" },
];
const INFRA = `PrometheusRule/${NS}/infrastructure-alerts`;
const INFRA_RULES = "spec.groups[name=infrastructure].rules";
/** An alert of the guide's group "infrastructure" (an environment-level alert group): as written, team infrastructure. */
const infrastructureAlert = (alert: string, expr: string, duration: string, severity: string, summary: string, description: string): Fact[] => [
  { guide: `${alert}: expr as written`, manifest: INFRA, path: `${INFRA_RULES}[alert=${alert}].expr`, expected: expr },
  { guide: `${alert}: for ${duration}`, manifest: INFRA, path: `${INFRA_RULES}[alert=${alert}].for`, expected: duration },
  { guide: `${alert}: severity ${severity}`, manifest: INFRA, path: `${INFRA_RULES}[alert=${alert}].labels.severity`, expected: severity },
  { guide: `${alert}: team infrastructure`, manifest: INFRA, path: `${INFRA_RULES}[alert=${alert}].labels.team`, expected: "infrastructure" },
  { guide: `${alert}: summary as written`, manifest: INFRA, path: `${INFRA_RULES}[alert=${alert}].annotations.summary`, expected: summary },
  { guide: `${alert}: description as written`, manifest: INFRA, path: `${INFRA_RULES}[alert=${alert}].annotations.description`, expected: description },
];
const hpaMetric = (expected: unknown, guide: string): Fact => ({ guide, manifest: HPA, path: "spec.metrics", match: "includes", expected });

export const facts: Fact[] = [
  // Secrets Management
  { guide: "Use secret in pod: DB_USERNAME from db-credentials/username", manifest: DEPLOY, path: `${C}.env[name=DB_USERNAME].valueFrom.secretKeyRef`, expected: { name: "db-credentials", key: "username" } },
  { guide: "Use secret in pod: DB_PASSWORD from db-credentials/password", manifest: DEPLOY, path: `${C}.env[name=DB_PASSWORD].valueFrom.secretKeyRef`, expected: { name: "db-credentials", key: "password" } },
  { guide: "Use secret in pod: container name: app", manifest: DEPLOY, path: `${C}.name`, expected: "app" },

  // RBAC and Authentication
  { guide: "ServiceAccount model-serving, namespace production", manifest: `ServiceAccount/${NS}/model-serving`, path: "metadata.name", expected: "model-serving" },
  { guide: "serviceAccountName: model-serving", manifest: DEPLOY, path: `${POD}.serviceAccountName`, expected: "model-serving" },
  { guide: "Role model-serving-role: configmaps, secrets: get, list", manifest: `Role/${NS}/model-serving-role`, path: "rules", match: "includes", expected: { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: ["get", "list"] } },
  { guide: "Role model-serving-role: pods: get, list, watch", manifest: `Role/${NS}/model-serving-role`, path: "rules", match: "includes", expected: { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] } },
  { guide: "RoleBinding model-serving-binding: subjects ServiceAccount model-serving (production)", manifest: `RoleBinding/${NS}/model-serving-binding`, path: "subjects", expected: [{ kind: "ServiceAccount", name: "model-serving", namespace: NS }] },
  { guide: "RoleBinding model-serving-binding: roleRef Role model-serving-role", manifest: `RoleBinding/${NS}/model-serving-binding`, path: "roleRef.kind", expected: "Role" },
  { guide: "Role and RoleBinding names model-serving-role, model-serving-binding", manifest: `Role/${NS}/model-serving-role`, path: "metadata.name", expected: "model-serving-role" },
  { guide: "RoleBinding name model-serving-binding", manifest: `RoleBinding/${NS}/model-serving-binding`, path: "metadata.name", expected: "model-serving-binding" },
  { guide: "RoleBinding roleRef: name model-serving-role", manifest: `RoleBinding/${NS}/model-serving-binding`, path: "roleRef.name", expected: "model-serving-role" },

  // Network Policies
  { guide: "default-deny-all: podSelector {}", manifest: `NetworkPolicy/${NS}/default-deny-all`, path: "spec.podSelector", expected: {} },
  { guide: "default-deny-all: policyTypes [Ingress, Egress]", manifest: `NetworkPolicy/${NS}/default-deny-all`, path: "spec.policyTypes", expected: ["Ingress", "Egress"] },
  { guide: "default-deny-all (name)", manifest: `NetworkPolicy/${NS}/default-deny-all`, path: "metadata.name", expected: "default-deny-all" },
  { guide: "allow-from-ingress: namespaceSelector name=ingress-nginx, TCP 8080", manifest: NETPOL, path: "spec.ingress", match: "includes", expected: { from: [{ namespaceSelector: { matchLabels: { name: "ingress-nginx" } } }], ports: [{ port: 8080, protocol: "TCP" }] } },
  { guide: "allow-to-database: podSelector app=postgres, TCP 5432", manifest: NETPOL, path: "spec.egress", match: "includes", expected: { to: [{ podSelector: { matchLabels: { app: "postgres" } } }], ports: [{ port: 5432, protocol: "TCP" }] } },
  { guide: "Allow DNS: kube-dns pods in kube-system, UDP 53", manifest: `NetworkPolicy/${NS}/allow-dns`, path: "spec.egress", match: "includes", expected: { to: [{ podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ port: 53, protocol: "UDP" }] } },

  // TLS/SSL Configuration
  { guide: "Certificate model-serving-tls: secretName model-serving-tls", manifest: INGRESS, path: "spec.tls[0].secretName", expected: "model-serving-tls" },
  { guide: "Certificate model-serving-tls: dnsNames api.example.com, www.api.example.com", manifest: INGRESS, path: "spec.tls[0].hosts", expected: ["api.example.com", "www.api.example.com"] },
  { guide: "Certificate issuerRef: letsencrypt-prod, ClusterIssuer", manifest: INGRESS, path: 'metadata.annotations["cert-manager.io/cluster-issuer"]', expected: "letsencrypt-prod" },
  { guide: 'Ingress annotation nginx.ingress.kubernetes.io/force-ssl-redirect: "true"', manifest: INGRESS, path: 'metadata.annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]', expected: "true" },
  { guide: "Ingress rules: host api.example.com, path /, Prefix", manifest: INGRESS, path: "spec.rules[host=api.example.com].http.paths", match: "includes", expected: { path: "/", pathType: "Prefix", backend: { service: { name: "model-serving" } } } },
  // Contradiction: the Ingress sends to the Service's port 8080, while the Service manifests (blue-green and canary, the
  // only ones given) expose port 80 -> 8080. An Ingress can only reach a port its Service exposes: the fact follows the
  // Service (written twice), and the Ingress names that port, http (80 -> 8080, checked below).
  { guide: "Ingress backend: service model-serving port number 8080 (the Service's port: 80 -> 8080)", manifest: INGRESS, path: "spec.rules[0].http.paths[0].backend.service.port", expected: { name: "http" } },
  { guide: "Rate limiting configured (100 req/min)", manifest: INGRESS, path: 'metadata.annotations["nginx.ingress.kubernetes.io/limit-rpm"]', expected: "100" },

  // Container Security
  { guide: "securityContext: runAsNonRoot: true", manifest: DEPLOY, path: `${POD}.securityContext.runAsNonRoot`, expected: true },
  { guide: "securityContext: runAsUser: 1000", manifest: DEPLOY, path: `${POD}.securityContext.runAsUser`, expected: 1000 },
  { guide: "securityContext: fsGroup: 1000", manifest: DEPLOY, path: `${POD}.securityContext.fsGroup`, expected: 1000 },
  { guide: "securityContext: seccompProfile RuntimeDefault", manifest: DEPLOY, path: `${POD}.securityContext.seccompProfile.type`, expected: "RuntimeDefault" },
  { guide: "container: allowPrivilegeEscalation: false", manifest: DEPLOY, path: `${C}.securityContext.allowPrivilegeEscalation`, expected: false },
  { guide: "container: readOnlyRootFilesystem: true", manifest: DEPLOY, path: `${C}.securityContext.readOnlyRootFilesystem`, expected: true },
  { guide: "container: capabilities drop ALL", manifest: DEPLOY, path: `${C}.securityContext.capabilities.drop`, expected: ["ALL"] },
  { guide: "volumeMounts: tmp at /tmp (emptyDir)", manifest: DEPLOY, path: `${C}.volumeMounts`, match: "includes", expected: { name: "tmp", mountPath: "/tmp" } },
  { guide: "volumeMounts: cache at /app/cache (emptyDir)", manifest: DEPLOY, path: `${C}.volumeMounts`, match: "includes", expected: { mountPath: "/app/cache" } },
  // Contradiction: the model-serving Deployment and Pod manifests run :latest, the Dockerfile advice says "not latest" and
  // the blue-green/canary Deployments run v1.0.0 and v1.1.0. The fact follows the manifest of this Deployment (Multi-Zone
  // Deployment, line "image: model-serving:latest"), as deployed; the example waives image-tag with that reason.
  { guide: "image: model-serving:latest (the model-serving Deployment and Pod manifests; against its Dockerfile advice)", manifest: DEPLOY, path: `${C}.image`, expected: "model-serving:latest" },
  // The blue Deployment is "current production": the Rollout's pod template while it is the stable version.
  { guide: "Blue-Green: model-serving-blue runs model-serving:v1.0.0", env: BLUE_GREEN, manifest: DEPLOY, path: `${C}.image`, expected: "model-serving:v1.0.0" },

  // Multi-Zone Deployment
  { guide: "Multi-Zone: replicas: 3 (the HPA's minimum, 'Always at least 3 for HA')", manifest: HPA, path: "spec.minReplicas", expected: 3 },
  { guide: "Multi-Zone: spread across availability zones, required", manifest: DEPLOY, path: `${POD}.topologySpreadConstraints`, match: "includes", expected: { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" } },
  { guide: "Multi-Zone: prefer different nodes", manifest: DEPLOY, path: `${POD}.topologySpreadConstraints`, match: "includes", expected: { topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" } },
  // Contradiction: the Multi-Zone Deployment writes podAntiAffinity twice in one pod spec (a duplicate key: strict parsers
  // refuse it, lenient ones keep the second, preferred per host) and its required one-pod-per-zone rule would leave all
  // but three of the HPA's 50 replicas pending. The fact follows both rules' stated intent ("spread across availability
  // zones", "prefer different nodes") as the topology spread the manifest carries: at most one pod more per zone, required.
  { guide: "Multi-Zone: podAntiAffinity required per zone (written twice; one pod per zone at most)", manifest: DEPLOY, path: `${POD}.topologySpreadConstraints`, match: "includes", expected: { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", maxSkew: 1 } },
  { guide: 'requests memory "2Gi"', manifest: DEPLOY, path: `${C}.resources.requests.memory`, expected: "2Gi" },
  { guide: 'requests cpu "1"', manifest: DEPLOY, path: `${C}.resources.requests.cpu`, expected: "1" },
  { guide: 'limits memory "4Gi" ("Resource limits set (2 CPU, 4Gi memory)")', manifest: DEPLOY, path: `${C}.resources.limits.memory`, expected: "4Gi" },
  { guide: 'limits cpu "2"', manifest: DEPLOY, path: `${C}.resources.limits.cpu`, expected: "2" },
  // The CloudNativePG Cluster is an extra manifest (the environment's `manifests`), written as the guide gives it.
  { guide: "Database High Availability: CloudNativePG Cluster postgres-ha, 3 instances", manifest: `Cluster/${NS}/postgres-ha`, path: "spec.instances", expected: 3 },
  { guide: "Database High Availability: postgres-ha storage 100Gi, storageClass fast-ssd", manifest: `Cluster/${NS}/postgres-ha`, path: "spec.storage", expected: { size: "100Gi", storageClass: "fast-ssd" } },
  { guide: "Database High Availability: postgresql.cnpg.io/v1", manifest: `Cluster/${NS}/postgres-ha`, path: "apiVersion", expected: "postgresql.cnpg.io/v1" },
  { guide: "Database High Availability: S3 credentials from the Secret s3-credentials (by reference)", manifest: `Cluster/${NS}/postgres-ha`, path: "spec.backup.barmanObjectStore.s3Credentials.accessKeyId", expected: { name: "s3-credentials", key: "ACCESS_KEY_ID" } },

  // Backup and Restore (Velero)
  { guide: 'Velero daily-backup: schedule "0 2 * * *"', manifest: VELERO, path: "spec.schedule", expected: "0 2 * * *" },
  { guide: "Velero includedNamespaces: [production]", manifest: VELERO, path: "spec.template.includedNamespaces", expected: [NS] },
  { guide: "Velero excludedResources: events, events.events.k8s.io", manifest: VELERO, path: "spec.template.excludedResources", expected: ["events", "events.events.k8s.io"] },
  { guide: "Velero storageLocation: default", manifest: VELERO, path: "spec.template.storageLocation", expected: "default" },
  { guide: "Velero volumeSnapshotLocations: [default]", manifest: VELERO, path: "spec.template.volumeSnapshotLocations", expected: ["default"] },
  { guide: "Velero ttl: 720h (30 days)", manifest: VELERO, path: "spec.template.ttl", expected: "720h" },
  { guide: "Velero Schedule name daily-backup", manifest: "Schedule/velero/daily-backup", path: "metadata.name", expected: "daily-backup" },

  // Horizontal Scaling
  { guide: "HPA scaleTargetRef: Deployment model-serving (the Rollout that replaces it for the canary)", manifest: HPA, path: "spec.scaleTargetRef", expected: { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "model-serving" } },
  { guide: "HPA maxReplicas: 50", manifest: HPA, path: "spec.maxReplicas", expected: 50 },
  hpaMetric({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }, "HPA cpu averageUtilization: 70"),
  hpaMetric({ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } }, "HPA memory averageUtilization: 80"),
  hpaMetric({ type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } }, 'HPA Pods http_requests_per_second averageValue: "100"'),
  { guide: "scaleUp stabilizationWindowSeconds: 0", manifest: HPA, path: "spec.behavior.scaleUp.stabilizationWindowSeconds", expected: 0 },
  { guide: "scaleUp policies: Percent 100 per 15s, Pods 5 per 15s", manifest: HPA, path: "spec.behavior.scaleUp.policies", expected: [{ type: "Percent", value: 100, periodSeconds: 15 }, { type: "Pods", value: 5, periodSeconds: 15 }] },
  { guide: "scaleUp selectPolicy: Max", manifest: HPA, path: "spec.behavior.scaleUp.selectPolicy", expected: "Max" },
  { guide: "scaleDown stabilizationWindowSeconds: 300", manifest: HPA, path: "spec.behavior.scaleDown.stabilizationWindowSeconds", expected: 300 },
  { guide: "scaleDown policies: Percent 50 per 60s", manifest: HPA, path: "spec.behavior.scaleDown.policies", expected: [{ type: "Percent", value: 50, periodSeconds: 60 }] },

  // Vertical Scaling
  // Contradiction: the VPA applies CPU and memory (updateMode "Auto") beside the HPA that scales on CPU and memory; the
  // two would fight, and issue 12 makes that combination bad input. The fact follows the HPA (its scaling policies are
  // the guide's Horizontal Scaling) and the checklist's "Vertical pod autoscaling evaluated": the VPA recommends (Off).
  { guide: 'VPA updateMode: "Auto" (beside an HPA on the same resources; checklist: "evaluated")', manifest: VPA, path: "spec.updatePolicy.updateMode", expected: "Off" },
  { guide: "VPA targetRef: Deployment model-serving (the Rollout that replaces it for the canary)", manifest: VPA, path: "spec.targetRef", expected: { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "model-serving" } },
  { guide: "VPA minAllowed: cpu 500m, memory 1Gi", manifest: VPA, path: "spec.resourcePolicy.containerPolicies[0].minAllowed", expected: { cpu: "500m", memory: "1Gi" } },
  { guide: "VPA maxAllowed: cpu 4, memory 8Gi", manifest: VPA, path: "spec.resourcePolicy.containerPolicies[0].maxAllowed", expected: { cpu: "4", memory: "8Gi" } },
  { guide: 'VPA controlledResources: ["cpu", "memory"]', manifest: VPA, path: "spec.resourcePolicy.containerPolicies[0].controlledResources", expected: ["cpu", "memory"] },
  { guide: "VPA containerName: app", manifest: VPA, path: "spec.resourcePolicy.containerPolicies[0].containerName", expected: "app" },

  // PgBouncer deployment
  { guide: "PgBouncer replicas: 2", manifest: PGB, path: "spec.replicas", expected: 2 },
  { guide: "PgBouncer container name: pgbouncer", manifest: PGB, path: `${C}.name`, expected: "pgbouncer" },
  { guide: "PgBouncer image: pgbouncer/pgbouncer:latest", manifest: PGB, path: `${C}.image`, expected: "pgbouncer/pgbouncer:latest" },
  { guide: "PgBouncer containerPort: 6432", manifest: PGB, path: `${C}.ports`, match: "includes", expected: { containerPort: 6432 } },
  { guide: 'PgBouncer requests memory "256Mi", cpu "250m"', manifest: PGB, path: `${C}.resources.requests`, expected: { cpu: "250m", memory: "256Mi" } },
  { guide: 'PgBouncer limits memory "512Mi", cpu "500m"', manifest: PGB, path: `${C}.resources.limits`, expected: { cpu: "500m", memory: "512Mi" } },
  { guide: "PgBouncer is a connection pooler, not a model server", manifest: PGB, path: 'metadata.labels["app.kubernetes.io/component"]', expected: "connection-pooler" },

  // Alerting Strategy
  // The group "application" as written, each alert under its own name in the service's custom group.
  ...applicationAlert("HighErrorRate", 'rate(http_requests_total{status=~"5.."}[5m])\n/ rate(http_requests_total[5m]) > 0.05\n', "5m", "critical"),
  ...applicationAlert("HighLatency", "histogram_quantile(0.95,\n  rate(http_request_duration_seconds_bucket[5m])\n) > 1.0\n", "10m", "warning"),
  ...applicationAlert("PodDown", 'up{job="kubernetes-pods"} == 0', "5m", "critical"),
  ...applicationAlert("HighMemoryUsage", 'container_memory_usage_bytes{pod=~"model-serving.*"}\n/ container_spec_memory_limit_bytes > 0.9\n', "10m", "warning"),
  ...applicationAlert("CPUThrottling", 'rate(container_cpu_cfs_throttled_seconds_total{pod=~"model-serving.*"}[5m])\n/ rate(container_cpu_cfs_periods_total{pod=~"model-serving.*"}[5m]) > 0.5\n', "10m", "warning"),
  { guide: 'HighErrorRate: summary "High error rate on {{ $labels.endpoint }}"', manifest: RULE, path: `${CUSTOM}[alert=HighErrorRate].annotations.summary`, expected: "High error rate on {{ $labels.endpoint }}" },
  { guide: "PodDown: up == 0 for 5m, critical (also the generated MetricsTargetDown)", manifest: RULE, path: "spec.groups[name=model-serving.slo].rules[alert=MetricsTargetDown].for", expected: "5m" },
  // The group "infrastructure": the environment's own alert group (monitoring.alertGroups), owned by team infrastructure.
  { guide: "group infrastructure: interval 30s", manifest: INFRA, path: "spec.groups[name=infrastructure].interval", expected: "30s" },
  ...infrastructureAlert("NodeNotReady", 'kube_node_status_condition{condition="Ready",status="true"} == 0', "5m", "critical", "Node {{ $labels.node }} is not ready", "Node {{ $labels.node }} has been not ready for 5 minutes"),
  ...infrastructureAlert("DiskPressure", 'kube_node_status_condition{condition="DiskPressure",status="true"} == 1', "5m", "warning", "Disk pressure on {{ $labels.node }}", "Node {{ $labels.node }} is experiencing disk pressure"),
  ...infrastructureAlert("PVCAlmostFull", "kubelet_volume_stats_used_bytes\n/ kubelet_volume_stats_capacity_bytes > 0.9\n", "10m", "warning", "PVC {{ $labels.persistentvolumeclaim }} is almost full", "PVC {{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full"),
  // AlertManager Configuration: one AlertmanagerConfig for the team's alerts of the environment (the routing's Secrets stand for the guide's inline keys).
  { guide: "AlertManager route: receiver 'slack-notifications' (the default)", manifest: ROUTING, path: "spec.route.receiver", expected: "slack-notifications" },
  { guide: "AlertManager routes: match severity critical -> receiver 'pagerduty'", manifest: ROUTING, path: "spec.route.routes", match: "includes", expected: { matchers: [{ name: "severity", matchType: "=", value: "critical" }], receiver: "pagerduty" } },
  { guide: "AlertManager routes: match severity warning -> receiver 'slack-notifications'", manifest: ROUTING, path: "spec.route.routes", match: "includes", expected: { matchers: [{ name: "severity", matchType: "=", value: "warning" }], receiver: "slack-notifications" } },
  { guide: "AlertManager route: repeat_interval 12h", manifest: ROUTING, path: "spec.route.repeatInterval", expected: "12h" },
  { guide: "AlertManager receiver slack-notifications: channel '#alerts'", manifest: ROUTING, path: "spec.receivers[name=slack-notifications].slackConfigs[0].channel", expected: "#alerts" },
  { guide: "AlertManager receiver pagerduty: pagerduty_configs (the key by Secret reference)", manifest: ROUTING, path: "spec.receivers[name=pagerduty].pagerdutyConfigs[0].routingKey", expected: { name: "alertmanager-pagerduty", key: "service-key" } },
  { guide: "AlertManager inhibit_rules: critical inhibits warning", manifest: ROUTING, path: "spec.inhibitRules[0].sourceMatch", match: "includes", expected: { name: "severity", value: "critical" } },
  { guide: "Alert Rules: group interval 30s", manifest: RULE, path: "spec.groups[name=model-serving.custom].interval", expected: "30s" },
  { guide: "Prometheus metrics exposed on /metrics", manifest: `ServiceMonitor/${NS}/model-serving`, path: "spec.endpoints[0].path", expected: "/metrics" },

  // Chaos Engineering
  { guide: "PodChaos pod-failure-test: action pod-failure", manifest: `Schedule/${NS}/model-serving-pod-failure`, path: "spec.podChaos.action", expected: "pod-failure" },
  { guide: "PodChaos pod-failure-test: mode one", manifest: `Schedule/${NS}/model-serving-pod-failure`, path: "spec.podChaos.mode", expected: "one" },
  { guide: 'PodChaos pod-failure-test: duration "30s"', manifest: `Schedule/${NS}/model-serving-pod-failure`, path: "spec.podChaos.duration", expected: "30s" },
  { guide: 'PodChaos pod-failure-test: cron "@every 1h"', manifest: `Schedule/${NS}/model-serving-pod-failure`, path: "spec.schedule", expected: "0 * * * *" },
  { guide: "PodChaos selector: namespace production", manifest: `Schedule/${NS}/model-serving-pod-failure`, path: "spec.podChaos.selector.namespaces", expected: [NS] },
  { guide: "StressChaos cpu-stress: mode one", manifest: `Schedule/${NS}/model-serving-cpu-stress`, path: "spec.stressChaos.mode", expected: "one" },
  { guide: "StressChaos cpu-stress: workers 2, load 80", manifest: `Schedule/${NS}/model-serving-cpu-stress`, path: "spec.stressChaos.stressors.cpu", expected: { workers: 2, load: 80 } },
  { guide: 'StressChaos cpu-stress: duration "2m"', manifest: `Schedule/${NS}/model-serving-cpu-stress`, path: "spec.stressChaos.duration", expected: "2m" },
  { guide: 'NetworkChaos network-delay: latency "100ms"', manifest: `Schedule/${NS}/model-serving-network-delay`, path: "spec.networkChaos.delay.latency", expected: "100ms" },
  { guide: 'NetworkChaos network-delay: jitter "50ms"', manifest: `Schedule/${NS}/model-serving-network-delay`, path: "spec.networkChaos.delay.jitter", expected: "50ms" },
  { guide: "NetworkChaos network-delay: action delay", manifest: `Schedule/${NS}/model-serving-network-delay`, path: "spec.networkChaos.action", expected: "delay" },
  { guide: "NetworkChaos network-delay: mode all", manifest: `Schedule/${NS}/model-serving-network-delay`, path: "spec.networkChaos.mode", expected: "all" },
  { guide: 'NetworkChaos network-delay: duration "5m"', manifest: `Schedule/${NS}/model-serving-network-delay`, path: "spec.networkChaos.duration", expected: "5m" },
  { guide: "NetworkChaos network-delay: selector namespaces [production]", manifest: `Schedule/${NS}/model-serving-network-delay`, path: "spec.networkChaos.selector.namespaces", expected: [NS] },

  // Blue-Green and Canary
  // One Rollout of 3 replicas: without previewReplicaCount its green ReplicaSet runs all 3 too, as the guide's green Deployment.
  { guide: "Blue-Green: Deployments model-serving-blue / -green, 3 replicas each", env: BLUE_GREEN, manifest: DEPLOY, path: "spec.replicas", expected: 3 },
  { guide: "Blue-Green: model-serving-green reached before the switch", env: BLUE_GREEN, manifest: DEPLOY, path: "spec.strategy.blueGreen.previewService", expected: "model-serving-green" },
  // "selector version: blue" points the Service at the blue pods; Argo Rollouts points the activeService at the
  // stable ReplicaSet (its selector gains that ReplicaSet's rollouts-pod-template-hash, the blue version's), and
  // switches it to the green one on promotion where the guide patches the selector to version: green.
  { guide: "Blue-Green: Service model-serving selector version: blue (the active Service, on the stable pods)", env: BLUE_GREEN, manifest: DEPLOY, path: "spec.strategy.blueGreen.activeService", expected: "model-serving" },
  { guide: "Canary: stable 9 replicas, canary 1 (10% of traffic)", manifest: DEPLOY, path: "spec.strategy.canary.steps[0].setWeight", expected: 10 },
  { guide: "for PERCENT in 10 25 50 100 ... sleep 300 (5 minutes at each step)", manifest: DEPLOY, path: "spec.strategy.canary.steps", expected: [{ setWeight: 10 }, { pause: { duration: "5m" } }, { setWeight: 25 }, { pause: { duration: "5m" } }, { setWeight: 50 }, { pause: { duration: "5m" } }] },
  { guide: "if [ $ERROR_RATE -gt 5 ]; then ... Rolling back (an analysis in the background)", manifest: `AnalysisTemplate/${NS}/model-serving`, path: "spec.metrics[name=error-rate].failureCondition", expected: "len(result) > 0 && result[0] > 0.05" },
  { guide: "Deployment model-serving-canary (the new version's pods, behind a Service of their own)", manifest: DEPLOY, path: "spec.strategy.canary.canaryService", expected: "model-serving-canary" },
  { guide: "Service model-serving balances the stable pods", manifest: DEPLOY, path: "spec.strategy.canary.stableService", expected: "model-serving" },
  { guide: "Service model-serving: port 80 -> targetPort 8080", manifest: `Service/${NS}/model-serving`, path: "spec.ports[name=http]", expected: { name: "http", port: 80, protocol: "TCP", targetPort: 8080 } },

  // Cost Management: quota and limit range
  { guide: 'ResourceQuota requests.cpu: "100"', manifest: QUOTA, path: 'spec.hard["requests.cpu"]', expected: "100" },
  { guide: 'ResourceQuota requests.memory: "200Gi"', manifest: QUOTA, path: 'spec.hard["requests.memory"]', expected: "200Gi" },
  { guide: 'ResourceQuota limits.cpu: "200"', manifest: QUOTA, path: 'spec.hard["limits.cpu"]', expected: "200" },
  { guide: 'ResourceQuota limits.memory: "400Gi"', manifest: QUOTA, path: 'spec.hard["limits.memory"]', expected: "400Gi" },
  { guide: 'ResourceQuota persistentvolumeclaims: "20"', manifest: QUOTA, path: "spec.hard.persistentvolumeclaims", match: "quantity", expected: "20" },
  { guide: 'ResourceQuota services.loadbalancers: "5"', manifest: QUOTA, path: 'spec.hard["services.loadbalancers"]', match: "quantity", expected: "5" },
  { guide: 'ResourceQuota requests.nvidia.com/gpu: "8"', manifest: QUOTA, path: 'spec.hard["requests.nvidia.com/gpu"]', match: "quantity", expected: "8" },
  { guide: 'ResourceQuota limits.nvidia.com/gpu: "8"', manifest: QUOTA, path: 'spec.hard["limits.nvidia.com/gpu"]', match: "quantity", expected: "8" },
  { guide: "ResourceQuota name production-quota", manifest: `ResourceQuota/${NS}/production-quota`, path: "metadata.name", expected: "production-quota" },
  { guide: "LimitRange name production-limits", manifest: LIMITS, path: "metadata.name", expected: "production-limits" },
  { guide: "LimitRange max: cpu 8, memory 32Gi (Container)", manifest: LIMITS, path: "spec.limits[type=Container].max", expected: { cpu: "8", memory: "32Gi" } },
  { guide: "LimitRange min: cpu 100m, memory 128Mi", manifest: LIMITS, path: "spec.limits[type=Container].min", expected: { cpu: "100m", memory: "128Mi" } },
  { guide: "LimitRange default: cpu 1, memory 2Gi", manifest: LIMITS, path: "spec.limits[type=Container].default", expected: { cpu: "1", memory: "2Gi" } },
  { guide: "LimitRange defaultRequest: cpu 500m, memory 1Gi", manifest: LIMITS, path: "spec.limits[type=Container].defaultRequest", expected: { cpu: "500m", memory: "1Gi" } },

  // Project 01 checklist
  { guide: "PodDisruptionBudget (min available: 2)", manifest: `PodDisruptionBudget/${NS}/model-serving`, path: "spec.minAvailable", expected: 2 },
  { guide: "Readiness probe configured (initial delay: 30s)", manifest: DEPLOY, path: `${C}.readinessProbe.initialDelaySeconds`, expected: 30 },
  { guide: "Health endpoint returns 200 (GET /health: readiness)", manifest: DEPLOY, path: `${C}.readinessProbe.httpGet.path`, expected: "/health" },
  { guide: "Liveness probe configured (GET /health)", manifest: DEPLOY, path: `${C}.livenessProbe.httpGet.path`, expected: "/health" },
  { guide: "Container runs as non-root user", manifest: PGB, path: `${POD}.securityContext.runAsNonRoot`, expected: true },
];
