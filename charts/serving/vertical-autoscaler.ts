import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedService } from "../../environments/schema";
import type { ServiceContext } from "./context";
import { scaleTarget } from "./workload-kind";
import { serviceObjectName } from "../../environments/format/object-names";

type VerticalAutoscaling = NonNullable<ResolvedService["verticalAutoscaling"]>;

/** A VerticalPodAutoscaler (autoscaling.k8s.io/v1) sizing the serving container, within the bounds the service sets. */
export class ServingVerticalAutoscaler extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext, vpa: VerticalAutoscaling) {
    super(scope, id);
    const { updateMode, minAllowed, maxAllowed, controlledResources, controlledValues } = vpa;
    new ApiObject(this, "vpa", {
      apiVersion: "autoscaling.k8s.io/v1",
      kind: "VerticalPodAutoscaler",
      metadata: ctx.meta(serviceObjectName(ctx.svc, "vpa")),
      spec: {
        targetRef: scaleTarget(ctx.svc),
        ...(updateMode ? { updatePolicy: { updateMode } } : {}),
        resourcePolicy: {
          containerPolicies: [
            {
              // The serving container by name: sidecars an injector adds keep their own sizes.
              containerName: ctx.svc.containerName,
              controlledResources,
              ...(controlledValues ? { controlledValues } : {}),
              ...(minAllowed ? { minAllowed } : {}),
              ...(maxAllowed ? { maxAllowed } : {}),
            },
            // Declared sidecars keep the resources the environment gives them.
            ...(ctx.svc.sidecars ?? []).map((sidecar) => ({ containerName: sidecar.name, mode: "Off" })),
          ],
        },
      },
    });
  }
}
