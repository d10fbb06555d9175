/**
 * Startup, readiness and liveness probes, as Kubernetes has them: one handler
 * (`httpGet`, `tcpSocket`, `grpc` or `exec`; or the short `path`, an HTTP GET
 * on the `http` port) and the timing fields. Without a handler a probe GETs
 * its default path on the `http` port.
 */
import { Type } from "@sinclair/typebox";
import { PortRef, Port, Choice, Strict } from "./primitives";

/** What a probe checks when no handler is written. */
export const DEFAULT_PROBE_PATHS = { startup: "/healthz/started", readiness: "/healthz/ready", liveness: "/healthz/live" } as const;
export type ProbeKind = keyof typeof DEFAULT_PROBE_PATHS;
/** The handler fields of a probe; a probe sets at most one (`path` is short for `httpGet` on `http`). */
export const PROBE_HANDLERS = ["path", "httpGet", "tcpSocket", "grpc", "exec"] as const;

const Path = (description: string) => Type.String({ pattern: "^/", description });

const HttpHeader = Strict({
  name: Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", description: "an HTTP header name" }),
  value: Type.String({ maxLength: 4096, description: "header value (never a secret: it is written into the manifest)" }),
});

const HttpGet = Strict(
  {
    path: Path("path to GET, starting with /"),
    port: Type.Optional(PortRef("a port number or the name of a container port (default: http)")),
    scheme: Type.Optional(Choice(["HTTP", "HTTPS"] as const, { description: "HTTPS skips certificate verification, as the kubelet does" })),
    httpHeaders: Type.Optional(Type.Array(HttpHeader, { minItems: 1, description: "headers sent with the request" })),
  },
  { description: "HTTP GET; any status from 200 to 399 is healthy" },
);

const TcpSocket = Strict(
  { port: PortRef("a port number or the name of a container port") },
  { description: "healthy when a TCP connection opens" },
);

const Grpc = Strict(
  {
    port: Port("port of the gRPC health service (Kubernetes takes a number only)"),
    service: Type.Optional(Type.String({ maxLength: 253, description: "service name sent in the gRPC HealthCheckRequest" })),
  },
  { description: "gRPC Health Checking Protocol" },
);

const Exec = Strict(
  { command: Type.Array(Type.String(), { minItems: 1, description: "command run in the container (no shell); exit 0 is healthy" }) },
  { description: "a command run inside the container" },
);

const probeProperties = (period: number, failures: number) => ({
  path: Type.Optional(Path("short for httpGet.path on the http port")),
  httpGet: Type.Optional(HttpGet),
  tcpSocket: Type.Optional(TcpSocket),
  grpc: Type.Optional(Grpc),
  exec: Type.Optional(Exec),
  initialDelaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600, description: "seconds after the container starts before the first probe" })),
  periodSeconds: Type.Integer({ minimum: 1, maximum: 300, default: period, description: "seconds between probes" }),
  timeoutSeconds: Type.Integer({ minimum: 1, maximum: 60, default: 2, description: "seconds before a probe times out" }),
  failureThreshold: Type.Integer({ minimum: 1, maximum: 1000, default: failures, description: "consecutive failures that count as failed" }),
  successThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "consecutive successes that count as healthy again (default 1; liveness and startup: 1 only)" })),
});

const Probe = (kind: ProbeKind, period: number, failures: number) =>
  Strict(probeProperties(period, failures), { default: {}, description: `${kind} probe (default: GET ${DEFAULT_PROBE_PATHS[kind]} on the http port)` });

const StartupProbe = Strict(
  {
    enabled: Type.Boolean({ default: true, description: "false: no startup probe (liveness then starts at once)" }),
    ...probeProperties(10, 60),
  },
  { default: {}, description: `startup probe (default: GET ${DEFAULT_PROBE_PATHS.startup} on the http port, 10 s x 60)` },
);

export const Probes = Strict(
  {
    startup: StartupProbe,
    readiness: Probe("readiness", 5, 3),
    liveness: Probe("liveness", 10, 3),
  },
  { default: {}, description: "startup, readiness and liveness probes of the serving container" },
);
