/**
 * Where pods run: spreading across zones and hosts, priority, node selection
 * and tolerations. GPU services also get their pool's toleration and node
 * affinity, whatever is set here.
 */
import { Type } from "@sinclair/typebox";
import { Choice, NamedMap, Strict } from "./primitives";

/**
 * Spreading when nothing is set: preferred across zones, which may be
 * unbalanced in capacity; required across hosts, since two replicas on one
 * host never help.
 */
export const DEFAULT_SPREAD = {
  zone: { whenUnsatisfiable: "ScheduleAnyway", maxSkew: 1 },
  host: { whenUnsatisfiable: "DoNotSchedule", maxSkew: 1 },
} as const;

const Spread = (domain: keyof typeof DEFAULT_SPREAD, what: string) =>
  Strict(
    {
      whenUnsatisfiable: Choice(["DoNotSchedule", "ScheduleAnyway"] as const, {
        default: DEFAULT_SPREAD[domain].whenUnsatisfiable,
        description: "DoNotSchedule: required; ScheduleAnyway: preferred",
      }),
      maxSkew: Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_SPREAD[domain].maxSkew, description: "largest allowed difference in pods between two domains" }),
    },
    { default: {}, description: `spreading across ${what} (default ${DEFAULT_SPREAD[domain].whenUnsatisfiable})` },
  );

export const TopologySpread = Strict(
  {
    zone: Spread("zone", "zones (topology.kubernetes.io/zone)"),
    host: Spread("host", "hosts (kubernetes.io/hostname)"),
  },
  { description: "topology spread constraints of the pods" },
);

const NodeLabelValue = Type.String({ maxLength: 63 });

export const NodeSelector = Type.Record(
  Type.String({ minLength: 1, maxLength: 316 }),
  Type.Union([NodeLabelValue, Type.Array(NodeLabelValue, { minItems: 1, uniqueItems: true })], {
    description: "a node label value, or a non-empty list of distinct values of which the node must carry one (required node affinity, operator In)",
  }),
  {
    minProperties: 1,
    description: "node labels the pods require, e.g. node.kubernetes.io/instance-type: c5.2xlarge, or a list for one of several values: [c5.2xlarge, c5.4xlarge]",
  },
);

const Toleration = Strict({
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 316, description: "taint key (none with operator Exists: every taint)" })),
  operator: Choice(["Equal", "Exists"] as const, { default: "Equal" }),
  value: Type.Optional(Type.String({ maxLength: 63, description: "taint value (operator Equal)" })),
  effect: Type.Optional(Choice(["NoSchedule", "PreferNoSchedule", "NoExecute"] as const, { description: "default: every effect" })),
  tolerationSeconds: Type.Optional(Type.Integer({ minimum: 0, description: "NoExecute only: how long the pod stays after the taint appears" })),
});

export const Tolerations = Type.Array(Toleration, { description: "tolerations besides the GPU pool's" });

const PriorityClass = Strict({
  value: Type.Integer({ minimum: -2147483648, maximum: 1000000000, description: "priority; higher schedules first (above 1e9 is reserved for system classes)" }),
  preemptionPolicy: Type.Optional(Choice(["PreemptLowerPriority", "Never"] as const)),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const PriorityClasses = NamedMap(PriorityClass, "PriorityClass objects this environment defines (cluster-wide), by name", 63, {});
