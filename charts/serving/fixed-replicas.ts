import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";

/** Says on the Deployment that its fixed replica count is deliberate; the serving-has-hpa policy reads it. */
export const FIXED_REPLICAS_ANNOTATION = "gitops-forge.io/fixed-replicas";

/** Annotates the workload's Deployment with the reason the environment gave for running without an HPA. */
export function markFixedReplicas(workload: Construct, reason: string): void {
  const deployment = workload.node.children.find((c): c is ApiObject => c instanceof ApiObject && c.kind === "Deployment");
  if (!deployment) throw new Error(`${workload.node.path} has no Deployment`);
  deployment.metadata.addAnnotation(FIXED_REPLICAS_ANNOTATION, reason);
}
