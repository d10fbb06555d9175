import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { selectorLabels, serviceLabels } from "../labels";

/** Everything one service's constructs need, computed once. */
export interface ServiceContext {
  env: ResolvedEnvironment;
  svc: ResolvedService;
  /** Labels on every object of the service. */
  labels: Record<string, string>;
  /** The pod selector. */
  selector: Record<string, string>;
  /** `metadata` for an object of this service. */
  meta(name?: string): { name: string; namespace: string; labels: Record<string, string> };
}

export function serviceContext(env: ResolvedEnvironment, svc: ResolvedService): ServiceContext {
  const labels = serviceLabels(env, svc);
  return {
    env,
    svc,
    labels,
    selector: selectorLabels(env, svc),
    meta: (name = svc.name) => ({ name, namespace: svc.namespace, labels }),
  };
}

/** The replicas the service runs with at least (HPA minimum or fixed count). */
export function minReplicas(svc: ResolvedService): number {
  return svc.autoscaling?.minReplicas ?? svc.replicas;
}

/** Port names the Service, probes, NetworkPolicies and ServiceMonitor refer to. */
export const HTTP_PORT = "http";
export const METRICS_PORT = "metrics";
