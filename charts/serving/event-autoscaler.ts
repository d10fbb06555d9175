import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedService } from "../../environments/schema";
import type { ServiceContext } from "./context";
import { scaleTarget } from "./workload-kind";

type EventAutoscaling = NonNullable<ResolvedService["keda"]>;

/**
 * KEDA ScaledObject (keda.sh/v1alpha1): KEDA runs the service's HPA from
 * Prometheus triggers and, unlike an HPA, can scale it to zero when idle.
 */
export class ServingEventAutoscaler extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext, keda: EventAutoscaling) {
    super(scope, id);
    new ApiObject(this, "scaledobject", {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: ctx.meta(),
      spec: {
        scaleTargetRef: scaleTarget(ctx.svc),
        minReplicaCount: keda.minReplicaCount,
        maxReplicaCount: keda.maxReplicaCount,
        pollingInterval: keda.pollingInterval,
        cooldownPeriod: keda.cooldownPeriod,
        triggers: keda.triggers.map(({ prometheus }) => ({
          type: "prometheus",
          metadata: {
            serverAddress: prometheus.serverAddress,
            query: prometheus.query,
            threshold: prometheus.threshold,
            ...(prometheus.activationThreshold !== undefined ? { activationThreshold: prometheus.activationThreshold } : {}),
          },
        })),
      },
    });
  }
}
