/**
 * Where pods run: spreading across zones and hosts, priority, node selection
 * and tolerations. GPU services also get their pool's toleration and node
 * affinity, whatever is set here.
 */
import { Type } from "@sinclair/typebox";
import { Choice, DNS_SUBDOMAIN, NamedMap, Strict, StringMap } from "./primitives";

const Spread = (whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway", what: string) =>
  Strict(
    {
      whenUnsatisfiable: Choice(["DoNotSchedule", "ScheduleAnyway"] as const, {
        default: whenUnsatisfiable,
        description: "DoNotSchedule: required; ScheduleAnyway: preferred",
      }),
      maxSkew: Type.Integer({ minimum: 1, maximum: 100, default: 1, description: "largest allowed difference in pods between two domains" }),
    },
    { default: {}, description: `spreading across ${what} (default ${whenUnsatisfiable})` },
  );

export const TopologySpread = Strict(
  {
    zone: Spread("ScheduleAnyway", "zones (topology.kubernetes.io/zone)"),
    host: Spread("DoNotSchedule", "hosts (kubernetes.io/hostname)"),
  },
  { default: {}, description: "topology spread constraints of the pods" },
);

export const PriorityClassName = Type.String({
  pattern: DNS_SUBDOMAIN,
  maxLength: 253,
  description: "an existing PriorityClass, or one defined under the environment's priorityClasses",
});

export const NodeSelector = StringMap("node labels the pods require, e.g. node.kubernetes.io/instance-type: c5.2xlarge");

const Toleration = Strict({
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 316, description: "taint key (none with operator Exists: every taint)" })),
  operator: Choice(["Equal", "Exists"] as const, { default: "Equal" }),
  value: Type.Optional(Type.String({ maxLength: 63, description: "taint value (operator Equal)" })),
  effect: Type.Optional(Choice(["NoSchedule", "PreferNoSchedule", "NoExecute"] as const, { description: "default: every effect" })),
  tolerationSeconds: Type.Optional(Type.Integer({ minimum: 0, description: "NoExecute only: how long the pod stays after the taint appears" })),
});

export const Tolerations = Type.Array(Toleration, { default: [], description: "tolerations besides the GPU pool's" });

const PriorityClass = Strict({
  value: Type.Integer({ minimum: -2147483648, maximum: 1000000000, description: "priority; higher schedules first (above 1e9 is reserved for system classes)" }),
  preemptionPolicy: Type.Optional(Choice(["PreemptLowerPriority", "Never"] as const)),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const PriorityClasses = NamedMap(PriorityClass, "PriorityClass objects this environment defines (cluster-wide), by name", 63, {});
