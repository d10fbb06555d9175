/**
 * A service's ServiceMonitor spec, cheaply for many services: services of one
 * shape (same environment, metrics endpoints, Service name rule, delivery)
 * scrape alike but for their names, so the spec is built once per shape with
 * placeholder names and filled for each service (and rendered once per shape).
 */
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { metricsEndpointsOf } from "../../environments/service-ports";
import { JsonShapes } from "../json-shape";
import { NAMESPACE_PLACEHOLDER as NAMESPACE, SERVICE_PLACEHOLDER as SERVICE } from "../placeholder-text";
import { selectorLabels } from "../labels";
import { isRollout } from "../serving/rollout";
import { serviceMonitorSpec } from "./alert-rules";
import { rolloutRelabelings } from "./rollout-scrape";

const shapes = new JsonShapes([NAMESPACE, SERVICE]);

export function serviceMonitorSpecOf(env: ResolvedEnvironment, svc: ResolvedService): object {
  const endpoints = metricsEndpointsOf(svc);
  const renamed = svc.names?.service !== undefined;
  const rollout = isRollout(svc);
  const build = (namespace: string, service: string) => {
    const spec = serviceMonitorSpec(namespace, selectorLabels(env, { name: service }), endpoints, renamed ? service : undefined);
    // A Rollout's targets carry the service's own name whichever Service found them, and the version's hash.
    return rollout ? { ...spec, endpoints: spec.endpoints.map((e) => ({ ...e, relabelings: rolloutRelabelings(service) })) } : spec;
  };
  const key = JSON.stringify([env.name, endpoints, renamed, rollout]);
  if (key.includes(NAMESPACE) || key.includes(SERVICE)) return build(svc.namespace, svc.name);
  return shapes.fill(key, [svc.namespace, svc.name], ([namespace, service]) => build(namespace!, service!)) as object;
}
