/**
 * Startup, readiness and liveness probes, as Kubernetes has them: one handler
 * (`httpGet`, `tcpSocket`, `grpc` or `exec`; or the short `path`, an HTTP GET
 * on the `http` port) and the timing fields. Without a handler a probe GETs
 * its default path on the `http` port.
 */
import { Type } from "@sinclair/typebox";
import { PortRef, Port, Choice, Shared, Strict } from "./primitives";

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
  { $id: "probe-http-get", description: "HTTP GET; any status from 200 to 399 is healthy" },
);

const TcpSocket = Strict(
  { port: PortRef("a port number or the name of a container port") },
  { $id: "probe-tcp-socket", description: "healthy when a TCP connection opens" },
);

const Grpc = Strict(
  {
    port: Port("port of the gRPC health service (Kubernetes takes a number only)"),
    service: Type.Optional(Type.String({ maxLength: 253, description: "service name sent in the gRPC HealthCheckRequest" })),
  },
  { $id: "probe-grpc", description: "gRPC Health Checking Protocol" },
);

const Exec = Strict(
  { command: Type.Array(Type.String(), { minItems: 1, description: "command run in the container (no shell); exit 0 is healthy" }) },
  { $id: "probe-exec", description: "a command run inside the container" },
);

const probeProperties = {
  path: Type.Optional(Path("short for httpGet.path on the http port")),
  httpGet: Type.Optional(Shared(HttpGet)),
  tcpSocket: Type.Optional(Shared(TcpSocket)),
  grpc: Type.Optional(Shared(Grpc)),
  exec: Type.Optional(Shared(Exec)),
  initialDelaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600, description: "seconds after the container starts before the first probe" })),
  periodSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 300, description: "seconds between probes (default: startup 10, readiness 5, liveness 10)" })),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: "seconds before a probe times out (default 2)" })),
  failureThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "consecutive failures that count as failed (default: startup 60, readiness and liveness 3)" })),
  successThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "consecutive successes that count as healthy again (default 1; liveness and startup: 1 only)" })),
};

const Probe = Strict(probeProperties, { $id: "probe", description: "a readiness or liveness probe (default: GET of its default path on the http port)" });

const StartupProbe = Strict(
  {
    enabled: Type.Optional(Type.Boolean({ description: "false: no startup probe (liveness then starts at once); default true" })),
    ...probeProperties,
  },
  { description: `startup probe (default: GET ${DEFAULT_PROBE_PATHS.startup} on the http port, 10 s x 60)` },
);

/**
 * Defaults live here rather than in the schema: unset probes then cost no
 * object per service, and readiness and liveness share one schema.
 */
export const DEFAULT_PROBE_TIMINGS = {
  startup: { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 60 },
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
  liveness: { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
} as const satisfies Record<ProbeKind, object>;

export const Probes = Strict(
  {
    startup: Type.Optional(StartupProbe),
    readiness: Type.Optional(Shared(Probe)),
    liveness: Type.Optional(Shared(Probe)),
  },
  // Shared schemas, each checked by one function wherever it is used.
  { description: "startup, readiness and liveness probes of the serving container", $defs: { Probe, HttpGet, TcpSocket, Grpc, Exec } },
);
