import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";

/** The workload object (Deployment, StatefulSet or Rollout) a workload construct holds, for constructs that add to it (annotations, mounted volumes). */
export function deploymentOf(workload: Construct): ApiObject {
  const deployment = workload.node.children.find((c): c is ApiObject => c instanceof ApiObject && (c.kind === "Deployment" || c.kind === "StatefulSet" || c.kind === "Rollout"));
  if (!deployment) throw new Error(`${workload.node.path} has no Deployment`);
  return deployment;
}
