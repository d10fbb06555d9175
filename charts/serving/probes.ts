import * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";
import { DEFAULT_PROBE_PATHS, DEFAULT_PROBE_TIMINGS, type ProbeKind } from "../../environments/format/probes";
import { HTTP_PORT } from "./context";

type ProbeConfig = NonNullable<NonNullable<ResolvedService["probes"]>[ProbeKind]>;

const portOf = (port: string | number | undefined) =>
  port === undefined ? k8s.IntOrString.fromString(HTTP_PORT) : typeof port === "number" ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);

/** A probe's one handler; without one, a GET of its path (or the default path) on the http port. */
function handler(kind: ProbeKind, probe: ProbeConfig | undefined): Partial<k8s.Probe> {
  if (!probe) return { httpGet: { path: DEFAULT_PROBE_PATHS[kind], port: portOf(undefined) } };
  if (probe.httpGet) {
    const { path, port, scheme, httpHeaders } = probe.httpGet;
    return { httpGet: { path, port: portOf(port), ...(scheme ? { scheme } : {}), ...(httpHeaders ? { httpHeaders } : {}) } };
  }
  if (probe.tcpSocket) return { tcpSocket: { port: portOf(probe.tcpSocket.port) } };
  if (probe.grpc) return { grpc: { port: probe.grpc.port, ...(probe.grpc.service !== undefined ? { service: probe.grpc.service } : {}) } };
  if (probe.exec) return { exec: { command: probe.exec.command } };
  return { httpGet: { path: probe.path ?? DEFAULT_PROBE_PATHS[kind], port: portOf(undefined) } };
}

export function probe(kind: ProbeKind, config: ProbeConfig | undefined): k8s.Probe {
  const defaults = DEFAULT_PROBE_TIMINGS[kind];
  return {
    ...handler(kind, config),
    ...(config?.initialDelaySeconds !== undefined ? { initialDelaySeconds: config.initialDelaySeconds } : {}),
    periodSeconds: config?.periodSeconds ?? defaults.periodSeconds,
    timeoutSeconds: config?.timeoutSeconds ?? defaults.timeoutSeconds,
    failureThreshold: config?.failureThreshold ?? defaults.failureThreshold,
    successThreshold: config?.successThreshold ?? 1,
  };
}

/** The container's probe fields: the startup probe only when enabled. */
export function probes(svc: Pick<ResolvedService, "probes">): Pick<k8s.Container, "startupProbe" | "readinessProbe" | "livenessProbe"> {
  return {
    ...(svc.probes?.startup?.enabled !== false ? { startupProbe: probe("startup", svc.probes?.startup) } : {}),
    readinessProbe: probe("readiness", svc.probes?.readiness),
    livenessProbe: probe("liveness", svc.probes?.liveness),
  };
}

/** A sidecar's probes: only those it sets (a default GET on the server's http port would not reach it). */
export function sidecarProbes(sidecar: Pick<ResolvedService, "probes">): Pick<k8s.Container, "startupProbe" | "readinessProbe" | "livenessProbe"> {
  const { startup, readiness, liveness } = sidecar.probes ?? {};
  return {
    ...(startup && startup.enabled !== false ? { startupProbe: probe("startup", startup) } : {}),
    ...(readiness ? { readinessProbe: probe("readiness", readiness) } : {}),
    ...(liveness ? { livenessProbe: probe("liveness", liveness) } : {}),
  };
}
