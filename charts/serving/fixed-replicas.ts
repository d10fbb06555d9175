import type { Construct } from "constructs";
import { deploymentOf } from "./deployment-of";

/** Says on the Deployment that its fixed replica count is deliberate; the serving-has-hpa policy reads it. */
export const FIXED_REPLICAS_ANNOTATION = "gitops-forge.io/fixed-replicas";

/** Annotates the workload's Deployment with the reason the environment gave for running without an HPA. */
export function markFixedReplicas(workload: Construct, reason: string): void {
  deploymentOf(workload).metadata.addAnnotation(FIXED_REPLICAS_ANNOTATION, reason);
}
