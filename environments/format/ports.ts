/**
 * The container's name and ports, the Service's ports and the metrics
 * endpoints Prometheus scrapes. `port` (named `http`) and `metricsPort` (named
 * `metrics`, or none when it equals `port`) stay in the service schema; these
 * fields add to them.
 */
import { Type } from "@sinclair/typebox";
import { Choice, Dns, Duration, Port, PortRef, Strict } from "./primitives";

/** A port name as Kubernetes takes it (IANA_SVC_NAME): at most 15 characters, a letter among them. */
export const PORT_NAME = "^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const PortName = (description: string) => Type.String({ pattern: PORT_NAME, maxLength: 15, description });
/** Application protocols Kubernetes standardizes (kubernetes.io/h2c, kubernetes.io/ws) and the common IANA names. */
export const APP_PROTOCOLS = ["http", "https", "grpc", "h2c", "kubernetes.io/h2c", "kubernetes.io/ws", "kubernetes.io/wss"] as const;
const Protocol = Choice(["TCP", "UDP", "SCTP"] as const, { default: "TCP", description: "TCP, UDP or SCTP" });

export const ContainerName = Dns("name of the serving container", 63, "server");

const ContainerPort = Strict({
  name: PortName("port name (at most 15 characters: lowercase letters, digits, '-')"),
  containerPort: Port("port number the container listens on"),
  protocol: Protocol,
});

export const ContainerPorts = Type.Array(ContainerPort, {
  description: "more named container ports besides http and metrics; the Service exposes each on the same number unless service.ports says otherwise",
});

const ServicePort = Strict({
  name: PortName("name of the Service port: http, metrics, a name under ports, or a new one"),
  port: Port("port number the Service listens on"),
  targetPort: Type.Optional(PortRef("a port number or the name of a container port (default: the container port of the same name)")),
  protocol: Type.Optional(Choice(["TCP", "UDP", "SCTP"] as const, { description: "default: the container port's protocol, else TCP" })),
  appProtocol: Type.Optional(
    Choice(APP_PROTOCOLS, { description: "application protocol (appProtocol) for meshes and ingress controllers; grpc on http makes the Ingress speak gRPC to the pods" }),
  ),
});

export const ServiceSettings = Strict(
  {
    ports: Type.Optional(
      Type.Array(ServicePort, {
        description: "Service ports: an entry named like a container port changes its Service port number (http: 80 -> container 8001); another name adds a port",
      }),
    ),
    headless: Type.Optional(Type.Boolean({ description: "clusterIP: None, for servers whose clients or peers discover every pod through DNS" })),
  },
  { description: "the ClusterIP Service in front of the pods" },
);

/** How Prometheus scrapes an endpoint unless told otherwise. */
export const DEFAULT_SCRAPE = { path: "/metrics", scheme: "http", interval: "30s", scrapeTimeout: "10s" } as const;

const MetricsEndpoint = Strict({
  port: PortName("name of the Service port to scrape"),
  path: Type.String({ pattern: "^/", default: DEFAULT_SCRAPE.path, description: "HTTP path of the metrics, e.g. /api/v1/metrics" }),
  scheme: Choice(["http", "https"] as const, { default: DEFAULT_SCRAPE.scheme }),
  interval: Duration("scrape interval", DEFAULT_SCRAPE.interval),
  scrapeTimeout: Duration("scrape timeout (at most the interval)", DEFAULT_SCRAPE.scrapeTimeout),
});

export const MetricsEndpoints = Type.Array(MetricsEndpoint, {
  minItems: 1,
  description: "endpoints the ServiceMonitor scrapes; monitoring is admitted on their ports (default: /metrics on the metrics port, or on http when metricsPort equals port)",
});
