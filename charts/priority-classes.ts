import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedEnvironment } from "../environments/schema";

/** The PriorityClass objects an environment defines (cluster-wide; services name them in priorityClassName). */
export class PriorityClasses extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    for (const [name, spec] of Object.entries(env.priorityClasses)) {
      new ApiObject(this, name, {
        apiVersion: "scheduling.k8s.io/v1",
        kind: "PriorityClass",
        metadata: { name },
        value: spec.value,
        globalDefault: false,
        ...(spec.preemptionPolicy ? { preemptionPolicy: spec.preemptionPolicy } : {}),
        ...(spec.description ? { description: spec.description } : {}),
      });
    }
  }
}
