import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { selectorLabels, serviceLabels } from "../labels";
import { containerPortsOf, mainContainerPortsOf, servicePortsOf, type ContainerPortSpec, type ServicePortSpec } from "../../environments/service-ports";

/** Whatever calls a service: its pods are selected by name in its namespace. */
export type Caller = Pick<ResolvedService, "name" | "namespace">;

/** Lookups across an environment's services, built once per environment (never per service pair). */
export interface ServiceIndex {
  byName: Map<string, ResolvedService>;
  /** Services, hook Jobs and CronJobs that declare the key as a dependency. */
  callers: Map<string, Caller[]>;
}

export function indexServices(env: ResolvedEnvironment): ServiceIndex {
  const byName = new Map(env.services.map((s) => [s.name, s]));
  const callers = new Map<string, Caller[]>();
  for (const caller of [...env.services, ...env.jobs, ...env.cronJobs]) {
    for (const dep of caller.dependencies.services) callers.set(dep, [...(callers.get(dep) ?? []), caller]);
  }
  return { byName, callers };
}

/** Everything one service's constructs need, computed once. */
export interface ServiceContext {
  env: ResolvedEnvironment;
  svc: ResolvedService;
  /** The services it depends on, resolved. */
  dependencies: ResolvedService[];
  /** The services and jobs that depend on it. */
  callers: Caller[];
  /** Labels on every object of the service. */
  labels: Record<string, string>;
  /** The pod selector. */
  selector: Record<string, string>;
  /** The pod's ports (sidecars' included), the main container's and the Service's, each port by name. */
  containerPorts: ContainerPortSpec[];
  mainContainerPorts: ContainerPortSpec[];
  servicePorts: ServicePortSpec[];
  /** `metadata` for an object of this service. */
  meta(name?: string): { name: string; namespace: string; labels: Record<string, string> };
}

export function serviceContext(env: ResolvedEnvironment, svc: ResolvedService, index: ServiceIndex): ServiceContext {
  const labels = serviceLabels(env, svc);
  const containerPorts = containerPortsOf(svc);
  return {
    env,
    svc,
    dependencies: svc.dependencies.services.map((name) => index.byName.get(name)!),
    callers: index.callers.get(svc.name) ?? [],
    labels,
    selector: selectorLabels(env, svc),
    containerPorts,
    mainContainerPorts: mainContainerPortsOf(svc),
    servicePorts: servicePortsOf(svc, containerPorts),
    meta: (name = svc.name) => ({ name, namespace: svc.namespace, labels }),
  };
}

export { HTTP_PORT, METRICS_PORT } from "../../environments/service-ports";
