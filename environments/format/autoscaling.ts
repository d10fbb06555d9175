/**
 * Autoscaling beyond the HPA's targets: scaling policies as autoscaling/v2
 * writes them (`behavior.scaleUp.policies`), and a VerticalPodAutoscaler
 * (autoscaling.k8s.io/v1) for services that scale by resizing their pods.
 */
import { Type, type Static } from "@sinclair/typebox";
import { parseQuantity } from "../source/quantity";
import type { At, Report } from "./checking";
import { Choice, Quantity, Strict } from "./primitives";

const ScalingPolicy = Strict(
  {
    type: Choice(["Percent", "Pods"] as const, { description: "Percent: a share of the current replicas; Pods: a number of pods" }),
    value: Type.Integer({ minimum: 1, maximum: 1000, description: "how many pods, or what % of the current replicas, may be added or removed per period" }),
    periodSeconds: Type.Integer({ minimum: 1, maximum: 1800, description: "the window the policy's value applies to" }),
  },
  { description: "one HPA scaling policy (autoscaling/v2 HPAScalingPolicy)" },
);

/** Fields added to `autoscaling.scaleUp` and `autoscaling.scaleDown`, beside the per-minute shorthands. */
export const ScalingPolicyFields = {
  policies: Type.Optional(
    Type.Array(ScalingPolicy, {
      minItems: 1,
      maxItems: 10,
      description: "the HPA's scaling policies as Kubernetes writes them (e.g. Percent 100 and Pods 5 per 15 s); replace percentPerMinute and podsPerMinute",
    }),
  ),
  selectPolicy: Type.Optional(
    Choice(["Max", "Min", "Disabled"] as const, { description: "which policy wins: Max (largest change), Min (smallest) or Disabled (no scaling this way); default Max up, Min down" }),
  ),
};

/** Resource amounts by resource name, as the VPA's minAllowed and maxAllowed write them. */
const ResourceList = (description: string) =>
  Strict({ cpu: Type.Optional(Quantity("CPU, e.g. 500m or 4")), memory: Type.Optional(Quantity("memory, e.g. 2Gi")) }, { description });

export const VerticalAutoscaling = Strict(
  {
    updateMode: Choice(["Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto"] as const, {
      description: "when the VPA applies its recommendations: Off (recommend only), Initial (at pod creation), Recreate or InPlaceOrRecreate (also to running pods); the VPA's default when unset is Recreate",
    }),
    minAllowed: Type.Optional(ResourceList("smallest requests the VPA may set, e.g. { cpu: 500m, memory: 1Gi }")),
    maxAllowed: Type.Optional(ResourceList("largest requests the VPA may set, e.g. { cpu: \"4\", memory: 16Gi }")),
    controlledResources: Type.Array(Choice(["cpu", "memory"] as const), {
      minItems: 1,
      uniqueItems: true,
      default: ["cpu", "memory"],
      description: "resources the VPA sizes (default cpu and memory)",
    }),
    controlledValues: Type.Optional(
      Choice(["RequestsAndLimits", "RequestsOnly"] as const, { description: "whether the VPA scales limits with requests (RequestsAndLimits, the VPA's default) or only requests" }),
    ),
  },
  {
    description:
      "a VerticalPodAutoscaler (autoscaling.k8s.io/v1) sizing the service's container; refused beside an HPA that scales on a resource it controls, unless updateMode is Off",
  },
);

export const FixedReplicasReason = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: "why this service runs a fixed replica count without an HPA; the serving-has-hpa policy then accepts it (rendered as the gitops-forge.io/fixed-replicas annotation)",
});

interface ScalingFields {
  autoscaling?: { cpuUtilization?: number; memoryUtilization?: number };
  verticalAutoscaling?: Static<typeof VerticalAutoscaling>;
  fixedReplicasReason?: string;
}

/**
 * A VPA that resizes pods on a resource the HPA scales on makes each undo the
 * other (the utilization the HPA reads changes with every resize); a VPA that
 * only recommends (`Off`) is safe. `svc.autoscaling` must carry its resolved
 * targets (CPU 70% when none was given).
 */
export function checkScalingFields(svc: ScalingFields, at: At, report: Report): void {
  const vpa = svc.verticalAutoscaling;
  if (svc.fixedReplicasReason !== undefined && svc.autoscaling) {
    report(at("fixedReplicasReason"), "a fixed replica count and autoscaling exclude each other: remove one of them");
  }
  if (!vpa) return;
  if (svc.autoscaling && vpa.updateMode !== "Off") {
    const onHpa = { cpu: svc.autoscaling.cpuUtilization, memory: svc.autoscaling.memoryUtilization };
    const shared = vpa.controlledResources.filter((r) => onHpa[r] !== undefined);
    if (shared.length > 0) {
      report(
        at("verticalAutoscaling"),
        `the VerticalPodAutoscaler and the HorizontalPodAutoscaler both act on ${shared.join(" and ")}: the VPA resizes the pods whose utilization the HPA scales on, so each undoes the other; scale the HPA on other metrics (gpuUtilization, podMetrics), leave ${shared.join(" and ")} out of controlledResources, or set updateMode: "Off"`,
      );
    }
  }
  for (const resource of ["cpu", "memory"] as const) {
    const min = vpa.minAllowed?.[resource];
    const max = vpa.maxAllowed?.[resource];
    if (min !== undefined && max !== undefined && parseQuantity(min) > parseQuantity(max)) {
      report(at("verticalAutoscaling", "minAllowed", resource), `must be <= maxAllowed.${resource} (${max})`);
    }
  }
}
