/**
 * A service's ports as the charts write them and the loader checks them: the
 * container's (http, metrics unless it shares http's number, then `ports`),
 * the Service's (each container port on its own number, changed or added by
 * `service.ports`) and the endpoints the ServiceMonitor scrapes.
 */
import type { ServiceConfig } from "./schema";
import { DEFAULT_SCRAPE } from "./format/ports";

/** Port names the Service, probes, NetworkPolicies and ServiceMonitor refer to. */
export const HTTP_PORT = "http";
export const METRICS_PORT = "metrics";

type Protocol = "TCP" | "UDP" | "SCTP";
type PortFields = Pick<ServiceConfig, "port" | "metricsPort" | "ports" | "service" | "metricsEndpoints" | "sidecars">;

export interface ContainerPortSpec {
  name: string;
  containerPort: number;
  protocol: Protocol;
}

export interface ServicePortSpec {
  name: string;
  port: number;
  targetPort: string | number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface MetricsEndpointSpec {
  port: string;
  path: string;
  scheme: "http" | "https";
  interval: string;
  scrapeTimeout: string;
}

/** Metrics on their own port, unless `metricsPort` names the application's port. */
export function hasMetricsPort(svc: PortFields): boolean {
  return svc.metricsPort !== svc.port;
}

/** The pod's ports: the main container's, then each sidecar's (they share the pod's network). */
export function containerPortsOf(svc: PortFields): ContainerPortSpec[] {
  return [...mainContainerPortsOf(svc), ...(svc.sidecars ?? []).flatMap((sidecar) => sidecar.ports)];
}

/** The main container's ports: http, metrics unless it shares http's number, then `ports`. */
export function mainContainerPortsOf(svc: PortFields): ContainerPortSpec[] {
  return [
    { name: HTTP_PORT, containerPort: svc.port, protocol: "TCP" },
    ...(hasMetricsPort(svc) ? [{ name: METRICS_PORT, containerPort: svc.metricsPort, protocol: "TCP" as const }] : []),
    ...(svc.ports ?? []),
  ];
}

/** The container port a Service port's targetPort names, by name or number. */
export function targetContainerPort(containerPorts: ContainerPortSpec[], target: string | number): ContainerPortSpec | undefined {
  return containerPorts.find((p) => (typeof target === "number" ? p.containerPort === target : p.name === target));
}

/** Each container port on its own number by name, then `service.ports` changing or adding ports. */
export function servicePortsOf(svc: PortFields, containerPorts = containerPortsOf(svc)): ServicePortSpec[] {
  const ports: ServicePortSpec[] = containerPorts.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: p.protocol }));
  for (const given of svc.service?.ports ?? []) {
    const targetPort = given.targetPort ?? given.name;
    const protocol = given.protocol ?? targetContainerPort(containerPorts, targetPort)?.protocol ?? "TCP";
    const port = { name: given.name, port: given.port, targetPort, protocol, ...(given.appProtocol ? { appProtocol: given.appProtocol } : {}) };
    const same = ports.findIndex((p) => p.name === given.name);
    if (same >= 0) ports[same] = port;
    else ports.push(port);
  }
  return ports;
}

/** The Service port number of `http`: what callers put in their URLs. */
export function httpServicePort(svc: PortFields): number {
  return svc.service?.ports?.find((p) => p.name === HTTP_PORT)?.port ?? svc.port;
}

export function metricsEndpointsOf(svc: PortFields): MetricsEndpointSpec[] {
  return svc.metricsEndpoints ?? [{ port: hasMetricsPort(svc) ? METRICS_PORT : HTTP_PORT, ...DEFAULT_SCRAPE }];
}
