/**
 * The environment file format: one TypeBox schema that is both the JSON Schema
 * ajv validates `environments/<env>.yaml` against and the source of the
 * TypeScript types the charts consume. A property with a `default` is filled in
 * by ajv when absent, so the resolved types below hold it as required.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { SourceLocation } from "./source/errors";
import { FixedReplicasReason, ScalingPolicyFields, VerticalAutoscaling } from "./format/autoscaling";
import { Availability } from "./format/availability";
import { Cidr, NetworkPolicyRules } from "./format/network";
import { Ingress } from "./format/ingress";
import { Rbac } from "./format/rbac";
import { NamespaceConfig } from "./format/namespace";
import { EventAutoscaling } from "./format/event-autoscaling";
import { RolloutFields } from "./format/rollout";
import { DeliveryFields } from "./format/delivery";
import { CustomizationFields, ServiceCustomizationFields } from "./format/customization";
import { ALERT_GROUP_FIELDS, CustomAlert } from "./format/custom-alert";
import { SLO_FIELDS } from "./format/slo";
import { ALERTING_FIELDS } from "./format/alert-routing";
import { DASHBOARD_FIELDS, SERVICE_DASHBOARD_FIELDS } from "./format/dashboards";
import {
  NAMESPACE_OBJECT_NAMES, LONGEST_ENVIRONMENT_SUFFIX, MAX_LABEL_VALUE, DNS_LABEL, DNS_SUBDOMAIN, Dns, ServiceName, Quantity, QuantityOrNone, Duration, GoDuration, Cron, Port, Ratio, StringMap, LabelValue, LabelMap, Choice, Strict, NamedMap,
} from "./format/primitives";
import { Probes } from "./format/probes";
import { ContainerName, ContainerPorts, MetricsEndpoints, ServiceSettings } from "./format/ports";
import { ConfigMapName, ContainerEnv, EnvFrom } from "./format/container-env";
import { PodSecurity, Volumes } from "./format/pod-security";
import { NodeSelector, PriorityClasses, Tolerations, TopologySpread } from "./format/scheduling";
import { Component } from "./format/component";
import { Stateful } from "./format/stateful";
import { batchSchemas } from "./format/jobs";
import { BackupScheduleName, ServiceObjectNames } from "./format/object-names";
import { Model } from "./format/model";
import { sidecarSchema } from "./format/sidecars";

export { NAMESPACE_OBJECT_NAMES, LONGEST_ENVIRONMENT_SUFFIX, MAX_LABEL_VALUE, DNS_LABEL, DNS_SUBDOMAIN };

// ------------------------------------------------------------------ service

const Image = Strict(
  {
    repository: Type.String({ pattern: "^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$", description: "registry/repository, without tag" }),
    tag: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", description: "an immutable tag (never `latest`)" })),
    digest: Type.Optional(Type.String({ pattern: "^sha256:[a-f0-9]{64}$", description: "sha256 digest; wins over the tag" })),
    pullPolicy: Choice(["IfNotPresent", "Always", "Never"] as const, {
      default: "IfNotPresent",
      description: "when the kubelet pulls the image (Always re-checks the registry's authorization on every start)",
    }),
  },
  { description: "container image, pinned by tag or digest" },
);

const Resources = Strict({
  cpu: Quantity("CPU request, e.g. 500m or 4"),
  memory: Quantity("memory request, e.g. 2Gi"),
  cpuLimit: Type.Optional(QuantityOrNone("CPU limit (default: the request; none: no limit, Burstable QoS)")),
  memoryLimit: Type.Optional(QuantityOrNone("memory limit (default: the request; none: no limit, Burstable QoS)")),
  ephemeralStorage: Type.Optional(Quantity("local scratch space request (ephemeral-storage, e.g. 2Gi; emptyDir volumes count against it)")),
  ephemeralStorageLimit: Type.Optional(Quantity("local scratch space limit (default: the request)")),
});

const Gpu = Strict({
  pool: Dns("GPU pool, a key of gpuPools"),
  count: Type.Integer({ minimum: 1, maximum: 16, description: "GPUs per replica" }),
});

const ScalingRules = (stabilization: number, percent: number) =>
  Strict(
    {
      stabilizationWindowSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: stabilization }),
      percentPerMinute: Type.Integer({ minimum: 1, maximum: 1000, default: percent, description: "at most this % of current replicas per minute" }),
      podsPerMinute: Type.Integer({ minimum: 1, maximum: 1000, default: 4, description: "at most this many pods per minute" }),
      ...ScalingPolicyFields,
    },
    { default: {} },
  );

const PodMetric = Strict({
  name: Type.String({ pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", description: "per-pod metric served by the custom metrics API" }),
  averageValue: Quantity("target average value per pod"),
});

const Autoscaling = Strict({
  minReplicas: Type.Integer({ minimum: 1, maximum: 1000 }),
  maxReplicas: Type.Integer({ minimum: 1, maximum: 1000 }),
  cpuUtilization: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "target average CPU utilization %" })),
  memoryUtilization: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "target average memory utilization %" })),
  gpuUtilization: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "target average GPU utilization % (DCGM pods metric)" })),
  podMetrics: Type.Array(PodMetric, { default: [], description: "custom per-pod metrics, e.g. requests per second" }),
  scaleUp: ScalingRules(0, 100),
  scaleDown: ScalingRules(300, 10),
});

/** A Secret's key read as an environment variable (`env`) or, safer from leaks, as a file (`file`). */
const SecretRef = Strict({
  env: Type.Optional(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "environment variable name (or set file)" })),
  file: Type.Optional(
    Type.String({ pattern: "^(/[-._a-zA-Z0-9]+)+$", maxLength: 1024, description: "absolute path the key is mounted at as a read-only file (instead of env)" }),
  ),
  secret: Type.String({ pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", maxLength: 253, description: "existing Secret in the namespace" }),
  key: Type.String({ pattern: "^[-._a-zA-Z0-9]+$", description: "key inside the Secret" }),
});

const ExternalEndpoint = Strict({
  name: Dns("endpoint name, e.g. postgres"),
  cidr: Cidr("IPv4 CIDR the endpoint lives in"),
  port: Port("TCP port"),
  host: Type.Optional(Type.String({ maxLength: 253, description: "host name, for readers" })),
});

const Dependencies = Strict(
  {
    services: Type.Array(ServiceName, { default: [], uniqueItems: true, description: "services of this environment it calls" }),
    external: Type.Array(ExternalEndpoint, { default: [], description: "endpoints outside the cluster (databases, caches)" }),
  },
  { default: {} },
);

const Shutdown = Strict(
  {
    preStopSeconds: Type.Integer({ minimum: 0, maximum: 300, default: 10, description: "sleep before SIGTERM so endpoints drain" }),
    terminationGracePeriodSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  },
  { default: {} },
);

const Slo = Strict(
  {
    errorRatio: Type.Optional(Ratio("highest acceptable share of 5xx responses (0..1)")),
    latencyP95Seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3600, description: "highest acceptable p95 latency" })),
    availability: Type.Optional(Ratio("share of desired replicas that must be available (0..1); prefer replicaAvailability")),
    ...SLO_FIELDS,
  },
  { default: {} },
);

const TrafficMetrics = Strict(
  {
    requestsTotal: Type.String({ default: "http_requests_total" }),
    statusCodeLabel: Type.String({ default: "code" }),
    latencyHistogram: Type.String({ default: "http_request_duration_seconds" }),
  },
  { default: {} },
);


const ChaosExperiment = (defaultDuration: string) =>
  Strict({
    schedule: Cron("when to inject (cron)"),
    duration: GoDuration("how long one injection lasts", defaultDuration),
  });

/**
 * A delay slows requests but drops none: the one fault that may reach every pod
 * of the service at once and all of its traffic, where the environment allows chaos.
 */
const NetworkDelayReach = {
  mode: Type.Optional(Choice(["all"] as const, { description: "all: every pod of the service at once (default: the environment's chaos.mode)" })),
  traffic: Type.Optional(Choice(["dependencies", "all"] as const, { description: "dependencies (default): traffic to the declared dependencies; all: all of the pods' traffic" })),
};

const ServiceChaos = Strict(
  {
    podFailure: Type.Optional(ChaosExperiment("5m")),
    podKill: Type.Optional(ChaosExperiment("30s")),
    networkDelay: Type.Optional(
      Strict({
        schedule: Cron("when"),
        duration: GoDuration("", "5m"),
        latency: GoDuration("added latency", "100ms"),
        jitter: GoDuration("", "10ms"),
        ...NetworkDelayReach,
      }),
    ),
    networkLoss: Type.Optional(
      Strict({ schedule: Cron("when"), duration: GoDuration("", "5m"), lossPercent: Type.Integer({ minimum: 1, maximum: 100, default: 10 }) }),
    ),
    cpuStress: Type.Optional(
      Strict({ schedule: Cron("when"), duration: GoDuration("", "5m"), workers: Type.Integer({ minimum: 1, maximum: 64, default: 1 }), load: Type.Integer({ minimum: 1, maximum: 100, default: 80 }) }),
    ),
    memoryStress: Type.Optional(
      Strict({
        schedule: Cron("when"),
        duration: GoDuration("", "5m"),
        size: Type.String({ pattern: "^[0-9]+(B|KB|KiB|MB|MiB|GB|GiB|%)$", default: "256MB", description: "memory to allocate (stress-ng units, e.g. 512MB or 10%)" }),
      }),
    ),
  },
  { default: {} },
);

const ModelCache = Strict(
  {
    path: Type.String({ pattern: "^/", default: "/models" }),
    sizeLimit: Type.String({ ...Quantity("emptyDir size limit"), default: "10Gi" }),
  },
  { default: {}, description: "emptyDir the server downloads its model into" },
);

const Sidecars = sidecarSchema({ image: Image, resources: Resources, secretRef: SecretRef });

const Batch = batchSchemas({ image: Image, resources: Resources, secretRef: SecretRef, dependencies: Dependencies });

export const ServiceSchema = Strict({
  namespace: Type.Optional(Dns("namespace (default: the environment's only namespace)")),
  team: Type.Optional(Type.String({ minLength: 1, description: "owning team (default: the environment's)" })),
  image: Image,
  args: Type.Array(Type.String(), { default: [] }),
  port: Port("HTTP port the server listens on", 8080),
  metricsPort: Port("port serving /metrics (equal to port: metrics on the application's own port)", 9090),
  component: Component,
  containerName: ContainerName,
  ports: Type.Optional(ContainerPorts),
  service: Type.Optional(ServiceSettings),
  metricsEndpoints: Type.Optional(MetricsEndpoints),
  resources: Resources,
  gpu: Type.Optional(Gpu),
  replicas: Type.Integer({ minimum: 1, maximum: 1000, default: 2, description: "fixed replicas when autoscaling is absent" }),
  priorityClassName: Type.Optional(
    Type.String({ pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", maxLength: 253, description: "PriorityClass of the pods: one the cluster has, or one under the environment's priorityClasses (unset: preempted like batch work when the cluster is full)" }),
  ),
  autoscaling: Type.Optional(Autoscaling),
  verticalAutoscaling: Type.Optional(VerticalAutoscaling),
  fixedReplicasReason: Type.Optional(FixedReplicasReason),
  keda: Type.Optional(EventAutoscaling),
  availability: Availability,
  probes: Type.Optional(Probes),
  shutdown: Shutdown,
  modelCache: ModelCache,
  model: Type.Optional(Model),
  env: StringMap("plain settings, rendered into a ConfigMap"),
  secrets: Type.Array(SecretRef, { default: [], description: "values read from existing Secrets" }),
  containerEnv: Type.Optional(ContainerEnv),
  envFrom: Type.Optional(EnvFrom),
  configMapName: Type.Optional(ConfigMapName),
  names: Type.Optional(ServiceObjectNames),
  securityContext: Type.Optional(PodSecurity),
  volumes: Type.Optional(Volumes),
  topologySpread: Type.Optional(TopologySpread),
  nodeSelector: Type.Optional(NodeSelector),
  tolerations: Type.Optional(Tolerations),
  dependencies: Dependencies,
  ingress: Type.Optional(Ingress),
  networkPolicy: Type.Optional(NetworkPolicyRules),
  rbac: Type.Optional(Rbac),
  slo: Slo,
  metrics: TrafficMetrics,
  alerts: Type.Array(CustomAlert, { default: [] }),
  chaos: ServiceChaos,
  ...ServiceCustomizationFields,
  ...RolloutFields,
  ...DeliveryFields,
  ...SERVICE_DASHBOARD_FIELDS,
  stateful: Type.Optional(Stateful),
  sidecars: Type.Optional(Sidecars),
});

// -------------------------------------------------------------- environment

/** The extended resource GPUs are counted in unless a pool names another (NVIDIA's device plugin). */
export const DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

const GpuPool = Strict({
  nodeLabel: Strict({ key: Type.String({ minLength: 1 }), value: LabelValue("node label value (at most 63 characters)") }, { description: "label every node of the pool carries" }),
  taint: Strict(
    {
      key: Type.String({ minLength: 1, default: "nvidia.com/gpu" }),
      value: Type.Optional(Type.String()),
      effect: Choice(["NoSchedule", "NoExecute", "PreferNoSchedule"] as const, { default: "NoSchedule" }),
    },
    { default: {} },
  ),
  resource: Type.String({ default: DEFAULT_GPU_RESOURCE, description: "extended resource name" }),
});

const Cluster = Strict({
  name: Dns("cluster name as Argo CD knows it"),
  server: Type.String({ pattern: "^https://", description: "API server URL (Argo CD destination)" }),
  context: Type.Optional(Type.String({ minLength: 1, description: "kubeconfig context (default: the cluster name)" })),
});

const Backup = Strict(
  {
    enabled: Type.Boolean({ default: true }),
    schedule: Cron("daily backup (cron)", "0 2 * * *"),
    namespace: Dns("namespace Velero runs in", 63, "velero"),
    ttl: GoDuration("how long backups are kept", "720h"),
    storageLocation: Type.String({ default: "default" }),
    snapshotVolumes: Type.Boolean({ default: true, description: "volume snapshots; false uses file-system backup" }),
    volumeSnapshotLocations: Type.Optional(
      Type.Array(Type.String({ pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", maxLength: 253 }), {
        minItems: 1,
        uniqueItems: true,
        description: "Velero VolumeSnapshotLocations the snapshots go to (default: Velero's default location per provider)",
      }),
    ),
    rpo: Type.Optional(GoDuration("recovery point objective; below 24h adds a frequent schedule")),
    name: Type.Optional(BackupScheduleName),
  },
  { default: {} },
);

const Chaos = Strict(
  {
    enabled: Type.Boolean({ default: false }),
    allowInProduction: Type.Boolean({ default: false }),
    historyLimit: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
    mode: Choice(["one", "fixed-percent"] as const, { default: "one" }),
    percent: Type.Integer({ minimum: 1, maximum: 50, default: 10, description: "with mode fixed-percent" }),
  },
  { default: {} },
);

const ArgoCd = Strict(
  {
    namespace: Dns("namespace Argo CD runs in", 63, "argocd"),
    repoURL: Type.String({ minLength: 1, description: "GitOps repository Argo CD reads" }),
    targetRevision: Type.String({ default: "HEAD" }),
    pathPrefix: Type.String({ default: "", description: "folder holding generated/ in that repository" }),
    prune: Type.Boolean({ default: true }),
    selfHeal: Type.Boolean({ default: true }),
    autoSync: Type.Boolean({ default: true, description: "sync every commit automatically (false: a person presses Sync)" }),
  },
  { description: "Argo CD delivery" },
);

const GitOps = Strict(
  {
    repository: Type.String({ pattern: "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", description: "owner/name of the GitOps repository" }),
    baseBranch: Type.String({ minLength: 1, default: "main" }),
    pathPrefix: Type.String({ default: "" }),
    branch: Type.String({ minLength: 1, default: "gitops-forge/{env}" }),
    labels: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    reviewers: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    assignees: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    draft: Type.Boolean({ default: false }),
  },
  { description: "where pull requests go" },
);

export const EnvironmentSchema = Strict({
  extends: Type.Optional(Dns("environment file this one extends, without .yaml")),
  abstract: Type.Boolean({ default: false, description: "shared defaults only; not synthesized" }),
  tier: Choice(["development", "staging", "production"] as const, {
    description: "drives policy severity and production safeguards",
  }),
  platform: Dns("platform name (app.kubernetes.io/part-of)"),
  team: Type.String({ minLength: 1, description: "owning team, routed to by alerts" }),
  cluster: Cluster,
  additionalClusters: Type.Array(Cluster, { default: [], description: "more clusters served by the same manifests (ApplicationSet)" }),
  namespaces: NamedMap(NamespaceConfig, "namespaces of this environment"),
  gpuPools: NamedMap(GpuPool, "GPU node pools (none on CPU-only platforms)", 63, {}),
  priorityClasses: PriorityClasses,
  ingress: Strict(
    {
      controllerNamespace: Dns("namespace of the ingress controller", 63, "ingress-nginx"),
      className: Type.String({ default: "nginx" }),
      clusterIssuer: Type.String({ default: "letsencrypt-prod", description: "cert-manager ClusterIssuer" }),
    },
    { default: {} },
  ),
  monitoring: Strict(
    {
      enabled: Type.Boolean({ default: true, description: "ServiceMonitors, PrometheusRules and their promtool tests (needs the Prometheus Operator)" }),
      namespace: Dns("namespace Prometheus scrapes from", 63, "monitoring"),
      runbookBaseUrl: Type.String({ pattern: "^https?://", default: "https://runbooks.example.com" }),
      ruleLabels: LabelMap("labels the Prometheus ruleSelector and serviceMonitorSelector match"),
      ...ALERTING_FIELDS,
      ...ALERT_GROUP_FIELDS,
      ...DASHBOARD_FIELDS,
    },
    { default: {} },
  ),
  dns: Strict(
    {
      namespace: Dns("namespace of the cluster DNS", 63, "kube-system"),
      podLabels: LabelMap("labels of the DNS pods", { "k8s-app": "kube-dns" }),
    },
    { default: {} },
  ),
  serviceDefaults: Type.Optional(Type.Object({}, { additionalProperties: true, description: "merged under every service" })),
  services: NamedMap(ServiceSchema, "services: model servers and what runs beside them (frontends, gateways)", 45),
  jobs: Batch.jobs,
  cronJobs: Batch.cronJobs,
  backup: Backup,
  chaos: Chaos,
  argocd: ArgoCd,
  gitops: Type.Optional(GitOps),
  ...CustomizationFields,
});

export type EnvironmentConfig = Static<typeof EnvironmentSchema>;
export type ServiceConfig = Static<typeof ServiceSchema>;
export type GpuPoolConfig = EnvironmentConfig["gpuPools"][string];
export type NamespaceSettings = EnvironmentConfig["namespaces"][string];
export type ExternalEndpointConfig = ServiceConfig["dependencies"]["external"][number];
export type HookJobConfig = EnvironmentConfig["jobs"][string];
export type CronJobConfig = EnvironmentConfig["cronJobs"][string];

/** A service after defaults are applied and its namespace is known. */
export interface ResolvedService extends ServiceConfig {
  name: string;
  namespace: string;
  team: string;
}

/** A hook Job or CronJob after its namespace and team are known. */
export type ResolvedBatch<T extends HookJobConfig | CronJobConfig> = T & { name: string; namespace: string; team: string };

/** An environment ready for the charts: every default filled, every reference checked. */
export interface ResolvedEnvironment extends Omit<EnvironmentConfig, "services" | "jobs" | "cronJobs"> {
  name: string;
  /** Files the environment was read from, child first (for provenance and errors). */
  sources: string[];
  services: ResolvedService[];
  /** Hook Jobs and CronJobs with their namespace and team known, in name order. */
  jobs: Array<ResolvedBatch<HookJobConfig>>;
  cronJobs: Array<ResolvedBatch<CronJobConfig>>;
  /** Extra objects from `manifests` and `manifestFiles`, each with where it was written. */
  extraManifests: ExtraManifestSource[];
  /** Where a field was written (file, line, column, dotted path), for errors found after loading. */
  locate: (path: ReadonlyArray<string | number>) => SourceLocation;
}

/** One extra Kubernetes object and the place it was written. */
export interface ExtraManifestSource {
  object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } & Record<string, unknown> } & Record<string, unknown>;
  /** Where a field of the object was written (a path inside the object). */
  locate: (path: ReadonlyArray<string | number>) => SourceLocation;
}
