import { Construct } from "constructs";
import type { ServiceContext } from "./context";
import { ServiceConfiguration } from "./configuration";
import { ServingWorkload } from "./workload";
import { ServingEndpoint } from "./service";
import { ServingAutoscaler } from "./autoscaler";
import { ServingEventAutoscaler } from "./event-autoscaler";
import { ServingDisruptionBudget } from "./disruption-budget";
import { ServingNetworkPolicy } from "./network-policy";
import { ServingIngress } from "./ingress";
import { ServingVerticalAutoscaler } from "./vertical-autoscaler";
import { markFixedReplicas } from "./fixed-replicas";
import { ServiceAccess } from "./rbac";
import { extraServiceName, isRollout } from "./rollout";
import { hasAnalysis } from "../monitoring/analysis-checks";
import { ServingAnalysisTemplate } from "./analysis-template";
import { GoverningService } from "./stateful-set";
import { ModelVolumeClaims } from "./model-claims";

/** Everything one model-serving service runs on. */
export class ServingService extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { svc } = ctx;
    const config = new ServiceConfiguration(this, "configuration", ctx);
    const workload = new ServingWorkload(this, "workload", ctx, { configMapName: config.configMapName, configChecksum: config.checksum });
    if (svc.fixedReplicasReason !== undefined) markFixedReplicas(workload, svc.fixedReplicasReason);
    new ServingEndpoint(this, "endpoint", ctx);
    const extraService = extraServiceName(svc);
    if (extraService) new ServingEndpoint(this, "rollout-endpoint", ctx, extraService);
    if (isRollout(svc) && hasAnalysis(ctx.env, svc)) new ServingAnalysisTemplate(this, "analysis", ctx);
    if (svc.stateful && !svc.service?.headless) new GoverningService(this, "governing-service", ctx);
    if (svc.autoscaling) new ServingAutoscaler(this, "autoscaler", ctx, svc.autoscaling);
    if (svc.verticalAutoscaling) new ServingVerticalAutoscaler(this, "vertical-autoscaler", ctx, svc.verticalAutoscaling);
    if (svc.keda) new ServingEventAutoscaler(this, "event-autoscaler", ctx, svc.keda);
    new ServingDisruptionBudget(this, "disruption-budget", ctx);
    new ServingNetworkPolicy(this, "network-policy", ctx);
    if (svc.ingress) new ServingIngress(this, "ingress", ctx);
    if (svc.rbac) new ServiceAccess(this, "access", ctx, workload);
    if (svc.model) new ModelVolumeClaims(this, "model-claims", ctx);
  }
}
