import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";
import type { ServiceContext } from "./context";
import { scaleTarget } from "./workload-kind";
import { serviceObjectName } from "../../environments/format/object-names";

/** DCGM exporter's GPU utilization, served per pod through the custom metrics API. */
export const GPU_UTILIZATION_METRIC = "DCGM_FI_DEV_GPU_UTIL";

type Autoscaling = NonNullable<ResolvedService["autoscaling"]>;

/** autoscaling/v2 HPA on CPU, memory, GPU utilization and custom per-pod metrics. */
export class ServingAutoscaler extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext, autoscaling: Autoscaling) {
    super(scope, id);
    new k8s.KubeHorizontalPodAutoscalerV2(this, "hpa", {
      metadata: ctx.meta(serviceObjectName(ctx.svc, "hpa")),
      spec: {
        scaleTargetRef: scaleTarget(ctx.svc),
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: metrics(autoscaling, ctx.svc.gpu !== undefined),
        behavior: {
          // Scale up on the largest allowed step, down on the smallest: load spikes are costlier than idle pods.
          scaleUp: rules(autoscaling.scaleUp, "Max"),
          scaleDown: rules(autoscaling.scaleDown, "Min"),
        },
      },
    });
  }
}

function metrics(a: Autoscaling, gpu: boolean): k8s.MetricSpecV2[] {
  const out: k8s.MetricSpecV2[] = [];
  const resource = (name: string, averageUtilization: number) => ({ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization } } });
  const pods = (name: string, averageValue: string) => ({
    type: "Pods",
    pods: { metric: { name }, target: { type: "AverageValue", averageValue: k8s.Quantity.fromString(averageValue) } },
  });
  if (a.cpuUtilization !== undefined) out.push(resource("cpu", a.cpuUtilization));
  if (a.memoryUtilization !== undefined) out.push(resource("memory", a.memoryUtilization));
  if (a.gpuUtilization !== undefined && gpu) out.push(pods(GPU_UTILIZATION_METRIC, String(a.gpuUtilization)));
  for (const m of a.podMetrics) out.push(pods(m.name, m.averageValue));
  return out;
}

/** The policies as written, else the per-minute shorthands. */
function rules(r: Autoscaling["scaleUp"], selectPolicy: "Max" | "Min"): k8s.HpaScalingRulesV2 {
  return {
    stabilizationWindowSeconds: r.stabilizationWindowSeconds,
    policies: r.policies ?? [
      { type: "Percent", value: r.percentPerMinute, periodSeconds: 60 },
      { type: "Pods", value: r.podsPerMinute, periodSeconds: 60 },
    ],
    selectPolicy: r.selectPolicy ?? selectPolicy,
  };
}
