/**
 * The PodDisruptionBudget's bound, as policy/v1 writes it: a number of pods
 * or a percentage of the selected pods.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { At, Report } from "./checking";
import { Strict } from "./primitives";

const PodCountOrPercent = (description: string) =>
  Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: "^([1-9][0-9]?|100)%$", description: "a percentage from 1% to 100%" })], { description });

export const Availability = Strict(
  {
    maxUnavailable: Type.Optional(PodCountOrPercent("pods that may be down at once during voluntary disruptions: a number, or a percentage rounded up")),
    minAvailable: Type.Optional(PodCountOrPercent("pods that must stay up: a number or a percentage rounded up, below the minimum replicas")),
  },
  { default: {}, description: "PodDisruptionBudget: maxUnavailable or minAvailable (default maxUnavailable 1)" },
);

/**
 * A budget must let a node drain evict at least one pod at the minimum
 * replicas: Kubernetes rounds a percentage of minAvailable up, so 90% of 3 is 3.
 */
export function checkAvailability(availability: Static<typeof Availability>, minReplicas: number, at: At, report: Report): void {
  const { maxUnavailable, minAvailable } = availability;
  if (maxUnavailable !== undefined && minAvailable !== undefined) report(at("availability"), "set maxUnavailable or minAvailable, not both");
  if (minAvailable === undefined) return;
  const pods = typeof minAvailable === "number" ? minAvailable : Math.ceil((parseInt(minAvailable, 10) * minReplicas) / 100);
  if (pods < minReplicas) return;
  const reading = typeof minAvailable === "number" ? "" : ` (${minAvailable} of ${minReplicas} rounds up to ${pods})`;
  report(at("availability", "minAvailable"), `must be < the minimum replicas (${minReplicas}) so one pod can always be evicted${reading}`);
}
