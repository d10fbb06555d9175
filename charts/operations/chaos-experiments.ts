import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedEnvironment } from "../../environments/schema";
import type { ServiceContext } from "../serving/context";

export const CHAOS_API_VERSION = "chaos-mesh.org/v1alpha1";

type Chaos = ServiceContext["svc"]["chaos"];

/**
 * Chaos Mesh experiments for one service, each wrapped in a Schedule: a bare
 * experiment starts injecting the moment Argo CD syncs it, a Schedule only at
 * its cron time, never two at once (Forbid), with a bounded history. Every
 * experiment selects only this service's pods, in its namespace, one pod (or
 * a fixed percentage) at a time, for a bounded duration; only a network delay,
 * which slows requests but drops none, may reach all of them and all traffic.
 */
export class ChaosExperiments extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { env, svc } = ctx;
    const chaos = svc.chaos;
    const selector = { namespaces: [svc.namespace], labelSelectors: ctx.selector };
    const schedule = (suffix: string, cron: string, type: string, spec: Record<string, unknown>, radius = blastRadius(env)) =>
      new ApiObject(this, suffix, {
        apiVersion: CHAOS_API_VERSION,
        kind: "Schedule",
        metadata: ctx.meta(`${svc.name}-${suffix}`),
        spec: {
          schedule: cron,
          concurrencyPolicy: "Forbid",
          historyLimit: env.chaos.historyLimit,
          startingDeadlineSeconds: 300,
          type,
          [type.charAt(0).toLowerCase() + type.slice(1)]: { ...radius, selector, ...spec },
        },
      });

    if (chaos.podFailure) schedule("pod-failure", chaos.podFailure.schedule, "PodChaos", { action: "pod-failure", duration: chaos.podFailure.duration });
    if (chaos.podKill) schedule("pod-kill", chaos.podKill.schedule, "PodChaos", { action: "pod-kill", gracePeriod: 0 });
    if (chaos.networkDelay) {
      const { schedule: cron, duration, latency, jitter, mode, traffic } = chaos.networkDelay;
      const towards = traffic === "all" ? {} : towardsDependencies(ctx);
      const radius = mode === "all" ? { mode: "all" } : blastRadius(env);
      schedule("network-delay", cron, "NetworkChaos", { action: "delay", duration, delay: { latency, jitter, correlation: "0" }, ...towards }, radius);
    }
    if (chaos.networkLoss) {
      const { schedule: cron, duration, lossPercent } = chaos.networkLoss;
      schedule("network-loss", cron, "NetworkChaos", { action: "loss", duration, loss: { loss: String(lossPercent), correlation: "0" }, ...towardsDependencies(ctx) });
    }
    if (chaos.cpuStress) {
      const { schedule: cron, duration, workers, load } = chaos.cpuStress;
      schedule("cpu-stress", cron, "StressChaos", { duration, stressors: { cpu: { workers, load } } });
    }
    if (chaos.memoryStress) {
      const { schedule: cron, duration, size } = chaos.memoryStress;
      schedule("memory-stress", cron, "StressChaos", { duration, stressors: { memory: { workers: 1, size } } });
    }
  }
}

/** Whether a service asks for any experiment (and the environment allows them). */
export function wantsChaos(env: ResolvedEnvironment, chaos: Chaos): boolean {
  return env.chaos.enabled && Object.values(chaos).some((experiment) => experiment !== undefined);
}

function blastRadius(env: ResolvedEnvironment): { mode: string; value?: string } {
  return env.chaos.mode === "one" ? { mode: "one" } : { mode: "fixed-percent", value: String(env.chaos.percent) };
}

/** Network faults on traffic to the service's dependencies only: in-cluster pods and external CIDRs. */
function towardsDependencies(ctx: ServiceContext): Record<string, unknown> {
  const external = ctx.svc.dependencies.external.map((e) => e.cidr);
  const services = ctx.dependencies;
  return {
    direction: "to",
    ...(services.length
      ? {
          target: {
            mode: "all",
            selector: {
              namespaces: [...new Set(services.map((s) => s.namespace))].sort(),
              expressionSelectors: [{ key: "app.kubernetes.io/name", operator: "In", values: services.map((s) => s.name).sort() }],
            },
          },
        }
      : {}),
    ...(external.length ? { externalTargets: [...new Set(external)].sort() } : {}),
  };
}
