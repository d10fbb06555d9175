/**
 * Schemas of the Velero, Chaos Mesh and VPA custom resources gitops-forge writes,
 * for offline validation without the operators' CRDs (no npm package ships
 * them), and of its AlertmanagerConfigs (the model package leaves their
 * objects open, so a misspelt receiver field would pass). They cover the fields we generate, with the upstream CRDs' types,
 * enums and required fields, and close every object so a misspelt field is an
 * error. The tests check generated objects against the upstream CRDs too.
 */
import { Type, type TSchema } from "@sinclair/typebox";

const Closed = <T extends Parameters<typeof Type.Object>[0]>(props: T, required: string[] = []) => {
  const schema = Type.Partial(Type.Object(props, { additionalProperties: false }));
  return { ...schema, required } as TSchema;
};
const Str = Type.String();
const Strings = Type.Array(Type.String());
const StringMap = Type.Record(Type.String(), Type.String());
const GoDuration = Type.String({ pattern: "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$" });
const Metadata = Type.Object({ name: Str, namespace: Str }, { additionalProperties: true });

const Selector = Closed({
  namespaces: Strings,
  labelSelectors: StringMap,
  expressionSelectors: Type.Array(Closed({ key: Str, operator: Type.Union(["In", "NotIn", "Exists", "DoesNotExist"].map((v) => Type.Literal(v))), values: Strings }, ["key", "operator"])),
});
const Mode = Type.Union(["one", "all", "fixed", "fixed-percent", "random-max-percent"].map((v) => Type.Literal(v)));
const Target = { mode: Mode, value: Str, selector: Selector, duration: GoDuration };

const PodChaos = Closed({ ...Target, action: Type.Union(["pod-kill", "pod-failure", "container-kill"].map((v) => Type.Literal(v))), gracePeriod: Type.Integer({ minimum: 0 }) }, [
  "action",
  "mode",
  "selector",
]);
const NetworkChaos = Closed(
  {
    ...Target,
    action: Type.Union(["netem", "delay", "loss", "duplicate", "corrupt", "partition", "bandwidth"].map((v) => Type.Literal(v))),
    direction: Type.Union(["to", "from", "both"].map((v) => Type.Literal(v))),
    delay: Closed({ latency: GoDuration, jitter: GoDuration, correlation: Str }, ["latency"]),
    loss: Closed({ loss: Str, correlation: Str }, ["loss"]),
    target: Closed({ mode: Mode, value: Str, selector: Selector }, ["mode", "selector"]),
    externalTargets: Strings,
  },
  ["action", "mode", "selector"],
);
const StressChaos = Closed(
  {
    ...Target,
    stressors: Closed({
      cpu: Closed({ workers: Type.Integer({ maximum: 8192 }), load: Type.Integer({ minimum: 0, maximum: 100 }) }, ["workers"]),
      memory: Closed({ workers: Type.Integer({ maximum: 8192 }), size: Str }, ["workers"]),
    }),
  },
  ["mode", "selector"],
);

export const ChaosScheduleSchema = Type.Object(
  {
    apiVersion: Type.Literal("chaos-mesh.org/v1alpha1"),
    kind: Type.Literal("Schedule"),
    metadata: Metadata,
    spec: Closed(
      {
        schedule: Str,
        concurrencyPolicy: Type.Union([Type.Literal("Forbid"), Type.Literal("Allow")]),
        historyLimit: Type.Integer({ minimum: 1 }),
        startingDeadlineSeconds: Type.Integer({ minimum: 0 }),
        type: Type.Union(["PodChaos", "NetworkChaos", "StressChaos"].map((v) => Type.Literal(v))),
        podChaos: PodChaos,
        networkChaos: NetworkChaos,
        stressChaos: StressChaos,
      },
      ["schedule", "type"],
    ),
  },
  { additionalProperties: false },
);

export const VeleroScheduleSchema = Type.Object(
  {
    apiVersion: Type.Literal("velero.io/v1"),
    kind: Type.Literal("Schedule"),
    metadata: Metadata,
    spec: Closed(
      {
        schedule: Str,
        paused: Type.Boolean(),
        useOwnerReferencesInBackup: Type.Boolean(),
        template: Closed({
          includedNamespaces: Strings,
          excludedNamespaces: Strings,
          excludedResources: Strings,
          includeClusterResources: Type.Boolean(),
          storageLocation: Str,
          ttl: GoDuration,
          snapshotVolumes: Type.Boolean(),
          defaultVolumesToFsBackup: Type.Boolean(),
          volumeSnapshotLocations: Strings,
        }),
      },
      ["schedule", "template"],
    ),
  },
  { additionalProperties: false },
);

/** A resource amount: a number or a Kubernetes quantity string (the CRDs' int-or-string). */
const Amount = Type.Union([Type.Integer(), Type.String({ pattern: "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$" })]);
const Amounts = Type.Record(Type.String(), Amount);

export const VerticalPodAutoscalerSchema = Type.Object(
  {
    apiVersion: Type.Literal("autoscaling.k8s.io/v1"),
    kind: Type.Literal("VerticalPodAutoscaler"),
    metadata: Metadata,
    spec: Closed(
      {
        targetRef: Closed({ apiVersion: Str, kind: Str, name: Str }, ["kind", "name"]),
        updatePolicy: Closed({
          updateMode: Type.Union(["Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto"].map((v) => Type.Literal(v))),
          minReplicas: Type.Integer(),
        }),
        resourcePolicy: Closed({
          containerPolicies: Type.Array(
            Closed({
              containerName: Str,
              mode: Type.Union([Type.Literal("Auto"), Type.Literal("Off")]),
              controlledResources: Strings,
              controlledValues: Type.Union([Type.Literal("RequestsAndLimits"), Type.Literal("RequestsOnly")]),
              minAllowed: Amounts,
              maxAllowed: Amounts,
            }),
          ),
        }),
      },
      ["targetRef"],
    ),
  },
  { additionalProperties: false },
);

const PromDuration = Type.String({ pattern: "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$" });
const SecretKeySelector = Closed({ name: Str, key: Str, optional: Type.Boolean() }, ["key"]);
const AlertMatcher = Closed({ name: Type.String({ minLength: 1 }), value: Str, matchType: Type.Union(["=", "!=", "=~", "!~"].map((v) => Type.Literal(v))) }, ["name"]);
const Matchers = Type.Array(AlertMatcher);

export const AlertmanagerConfigSchema = Type.Object(
  {
    apiVersion: Type.Literal("monitoring.coreos.com/v1alpha1"),
    kind: Type.Literal("AlertmanagerConfig"),
    metadata: Metadata,
    spec: Closed({
      route: Closed({
        receiver: Str,
        matchers: Matchers,
        groupBy: Strings,
        groupWait: PromDuration,
        groupInterval: PromDuration,
        repeatInterval: PromDuration,
        continue: Type.Boolean(),
        routes: Type.Array(Closed({ receiver: Str, matchers: Matchers, continue: Type.Boolean() })),
      }),
      receivers: Type.Array(
        Closed(
          {
            name: Type.String({ minLength: 1 }),
            slackConfigs: Type.Array(Closed({ apiURL: SecretKeySelector, channel: Str, sendResolved: Type.Boolean() }, ["apiURL"])),
            pagerdutyConfigs: Type.Array(Closed({ routingKey: SecretKeySelector, sendResolved: Type.Boolean() }, ["routingKey"])),
            emailConfigs: Type.Array(Closed({ to: Str, from: Str, smarthost: Str, authUsername: Str, authPassword: SecretKeySelector, sendResolved: Type.Boolean() }, ["to"])),
          },
          ["name"],
        ),
      ),
      inhibitRules: Type.Array(Closed({ sourceMatch: Matchers, targetMatch: Matchers, equal: Strings })),
    }),
  },
  { additionalProperties: false },
);

/** Schemas by `apiVersion/kind`, for the validator's registry. */
export const OWN_CUSTOM_RESOURCE_SCHEMAS: Record<string, TSchema> = {
  "chaos-mesh.org/v1alpha1/Schedule": ChaosScheduleSchema,
  "velero.io/v1/Schedule": VeleroScheduleSchema,
  "autoscaling.k8s.io/v1/VerticalPodAutoscaler": VerticalPodAutoscalerSchema,
  "monitoring.coreos.com/v1alpha1/AlertmanagerConfig": AlertmanagerConfigSchema,
};
