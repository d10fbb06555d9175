/**
 * Checks of a service's container and pod fields that a schema cannot state
 * (the Secret references are checked beside them, in _references.ts):
 * ports that must refer to each other, one handler per probe, variables
 * referenced before they are defined, volumes and tolerations that would
 * clash or be rejected by the API server.
 */
import type { ServiceConfig } from "./schema";
import type { At, Report } from "./format/checking";
import { DEFAULT_PROBE_PATHS, PROBE_HANDLERS, type ProbeKind } from "./format/probes";
import { MODEL_SERVING } from "./format/component";
import { COMPONENT_BATCH } from "./format/jobs";
import { dependencyUrlVariable } from "./format/container-env";
import { containerPortsOf, mainContainerPortsOf, servicePortsOf, targetContainerPort, type ContainerPortSpec } from "./service-ports";
import { durationSeconds } from "./duration";

/** Each check runs only where its fields are set: the defaults cannot clash, and most services set none. */
export function checkContainer(svc: ServiceConfig, at: At, report: Report): void {
  let ports: ContainerPortSpec[] | undefined;
  const containerPorts = () => (ports ??= containerPortsOf(svc));
  if (svc.ports) checkContainerPorts(svc.ports, containerPorts(), (i, field) => at("ports", i, field), report, mainContainerPortsOf(svc).length - svc.ports.length);
  if (svc.sidecars) checkSidecars(svc, svc.sidecars, containerPorts(), at, report);
  if (svc.service || svc.metricsEndpoints) checkServicePorts(svc, containerPorts(), at, report);
  // A probe reaches its own container's ports only.
  checkProbes(svc, () => mainContainerPortsOf(svc), at, report);
  checkEnvironment(svc, at, report);
  if (svc.volumes) checkVolumes(svc, svc.volumes, at, report);
  if (svc.tolerations) checkTolerations(svc.tolerations, at, report);
}

/** A batch pod's variables and volumes, checked as a service's are. */
export function checkBatchContainer(job: Pick<ServiceConfig, "envFrom" | "containerEnv" | "secrets" | "downwardEnv" | "volumes">, at: At, report: Report): void {
  checkEnvironment({ ...job, env: {}, dependencies: { services: [] } }, at, report);
  if (job.volumes) checkVolumes({ component: COMPONENT_BATCH }, job.volumes, at, report);
}

const list = (ports: ContainerPortSpec[]) => ports.map((p) => `${p.name} ${p.containerPort}`).join(", ") || "none";

/** `extra` are the ports of `ports` starting at `first`: none may repeat an earlier name or number. */
function checkContainerPorts(extra: ContainerPortSpec[], ports: ContainerPortSpec[], atPort: (i: number, field: string) => ReturnType<At>, report: Report, first: number): void {
  for (const [i, port] of extra.entries()) {
    const earlier = ports.slice(0, first + i);
    const sameName = earlier.find((p) => p.name === port.name);
    if (sameName) report(atPort(i, "name"), `port name "${port.name}" is already taken (${list(earlier)})`);
    const sameNumber = earlier.find((p) => p.containerPort === port.containerPort && p.protocol === port.protocol);
    if (sameNumber) report(atPort(i, "containerPort"), `${port.containerPort}/${port.protocol} is already the container port "${sameNumber.name}"`);
  }
}

/** Containers of one pod need distinct names, and share its network: no port name or number twice. */
function checkSidecars(svc: ServiceConfig, sidecars: NonNullable<ServiceConfig["sidecars"]>, ports: ContainerPortSpec[], at: At, report: Report): void {
  const names = new Set([svc.containerName]);
  let first = ports.length - sidecars.reduce((n, s) => n + s.ports.length, 0);
  for (const [i, sidecar] of sidecars.entries()) {
    if (names.has(sidecar.name)) report(at("sidecars", i, "name"), `container name "${sidecar.name}" is already taken (${[...names].join(", ")})`);
    names.add(sidecar.name);
    checkContainerPorts(sidecar.ports, ports, (j, field) => at("sidecars", i, "ports", j, field), report, first);
    first += sidecar.ports.length;
    const atSidecar: At = (...rest) => at("sidecars", i, ...rest);
    checkEnvironment({ ...sidecar, env: {}, downwardEnv: {}, dependencies: { services: [] } }, atSidecar, report);
    checkProbes(sidecar, () => sidecar.ports, atSidecar, report);
    checkSidecarProbeHandlers(sidecar, atSidecar, report);
  }
}

/** A sidecar's probe names its own handler: the default one (a GET on `http`) would probe the server instead. */
function checkSidecarProbeHandlers(sidecar: Pick<ServiceConfig, "probes">, at: At, report: Report): void {
  for (const kind of PROBE_KINDS) {
    const probe = sidecar.probes?.[kind];
    if (!probe || (kind === "startup" && sidecar.probes?.startup?.enabled === false)) continue;
    if (probe.path !== undefined || (probe.httpGet && probe.httpGet.port === undefined)) {
      report(at("probes", kind, probe.path !== undefined ? "path" : "httpGet"), "a sidecar's probe reaches the server's http port this way: give httpGet a port of the sidecar");
    } else if (!PROBE_HANDLERS.some((handler) => probe[handler] !== undefined)) {
      report(at("probes", kind), `a sidecar's probe needs a handler on its own ports (one of ${PROBE_HANDLERS.slice(1).join(", ")})`);
    }
  }
}

function checkServicePorts(svc: ServiceConfig, containerPorts: ContainerPortSpec[], at: At, report: Report): void {
  const given = svc.service?.ports ?? [];
  const seen = new Set<string>();
  for (const [i, port] of given.entries()) {
    if (seen.has(port.name)) report(at("service", "ports", i, "name"), `Service port "${port.name}" is listed twice`);
    seen.add(port.name);
    if (port.targetPort !== undefined) {
      if (!targetContainerPort(containerPorts, port.targetPort)) {
        report(at("service", "ports", i, "targetPort"), `${JSON.stringify(port.targetPort)} is not a port of the container (${list(containerPorts)})`);
      }
    } else if (!targetContainerPort(containerPorts, port.name)) {
      report(at("service", "ports", i), `no container port is named "${port.name}" (${list(containerPorts)}): set targetPort`);
    }
  }
  const servicePorts = servicePortsOf(svc, containerPorts);
  const numbers = new Map<string, string>();
  for (const port of servicePorts) {
    const key = `${port.port}/${port.protocol}`;
    const other = numbers.get(key);
    if (other) {
      const i = given.findIndex((p) => p.name === port.name || p.name === other);
      report(i >= 0 ? at("service", "ports", i, "port") : at("ports"), `Service ports "${other}" and "${port.name}" would both listen on ${key}`);
    }
    numbers.set(key, port.name);
  }
  for (const [i, endpoint] of (svc.metricsEndpoints ?? []).entries()) {
    if (!servicePorts.some((p) => p.name === endpoint.port)) {
      report(at("metricsEndpoints", i, "port"), `the Service has no port "${endpoint.port}" (${servicePorts.map((p) => p.name).join(", ")})`);
    }
    if (durationSeconds(endpoint.scrapeTimeout) > durationSeconds(endpoint.interval)) {
      report(at("metricsEndpoints", i, "scrapeTimeout"), `must not exceed the interval (${endpoint.interval}): Prometheus refuses such a target`);
    }
  }
}

const PROBE_KINDS = Object.keys(DEFAULT_PROBE_PATHS) as ProbeKind[];

function checkProbes(svc: Pick<ServiceConfig, "probes">, containerPorts: () => ContainerPortSpec[], at: At, report: Report): void {
  for (const kind of PROBE_KINDS) {
    const probe = svc.probes?.[kind];
    if (!probe) continue;
    let first: (typeof PROBE_HANDLERS)[number] | undefined;
    for (const handler of PROBE_HANDLERS) {
      if (probe[handler] === undefined) continue;
      if (first === undefined) first = handler;
      else {
        report(
          at("probes", kind, handler),
          `a probe has one handler: ${first} and ${handler} are both set (keep one of ${PROBE_HANDLERS.join(", ")}; an inherited one is removed with \`${first}: null\`)`,
        );
      }
    }
    if (kind !== "readiness" && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
      report(at("probes", kind, "successThreshold"), `must be 1 for a ${kind} probe (Kubernetes rejects anything else)`);
    }
    for (const handler of ["httpGet", "tcpSocket"] as const) {
      const port = probe[handler]?.port;
      if (typeof port === "string" && !containerPorts().some((p) => p.name === port)) {
        report(at("probes", kind, handler, "port"), `no container port is named "${port}" (${list(containerPorts())})`);
      }
    }
  }
}

/** `$(NAME)` in a value with the dollars before it: an even count is the `$$` escape and a literal `$(`. */
const REFERENCE = /\$+\(([^)]*)\)/g;

/** The fields a container's variables come from (a batch pod has no generated ConfigMap nor dependencies). */
type EnvironmentFields = Pick<ServiceConfig, "envFrom" | "containerEnv" | "env" | "secrets" | "downwardEnv"> & { dependencies: { services: string[] } };

function checkEnvironment(svc: EnvironmentFields, at: At, report: Report): void {
  for (const [i, source] of (svc.envFrom ?? []).entries()) {
    if ((source.configMapRef === undefined) === (source.secretRef === undefined)) {
      report(at("envFrom", i), "set exactly one of configMapRef and secretRef");
    }
  }
  if (!svc.containerEnv) return;
  // Secrets read as variables (the loader checked them: none twice, env or file).
  const defined = new Set(Object.keys(svc.env));
  for (const ref of svc.secrets) if (ref.env !== undefined) defined.add(ref.env);
  for (const name of Object.keys(svc.downwardEnv)) defined.add(name);
  // The generated ConfigMap also holds each dependency's URL (env may override it).
  for (const dep of svc.dependencies.services) defined.add(dependencyUrlVariable(dep));
  // Keys of existing ConfigMaps and Secrets are not known here: with any, a reference may name one of them.
  const unknownKeys = svc.envFrom !== undefined;
  const variables = svc.containerEnv;
  for (const [i, variable] of variables.entries()) {
    for (const match of variable.value.matchAll(REFERENCE)) {
      const dollars = match[0].indexOf("(");
      if (dollars % 2 === 0) continue;
      const name = match[1]!;
      if (!defined.has(name) && !unknownKeys) {
        const hint = variables.slice(i + 1).some((v) => v.name === name) ? " (it is defined after this one: Kubernetes expands only earlier variables)" : "";
        report(at("containerEnv", i, "value"), `$(${name}) names no variable defined before it${hint}; known: ${[...defined].sort().join(", ") || "none"}`);
      }
    }
    if (defined.has(variable.name)) report(at("containerEnv", i, "name"), `environment variable "${variable.name}" is set twice`);
    defined.add(variable.name);
  }
}

const TAKEN_VOLUMES = ["tmp", "model-cache", "model"];

function checkVolumes(svc: Pick<ServiceConfig, "component"> & { modelCache?: ServiceConfig["modelCache"] }, volumes: NonNullable<ServiceConfig["volumes"]>, at: At, report: Report): void {
  const paths = new Map<string, string>([["/tmp", "tmp"]]);
  if (svc.component === MODEL_SERVING && svc.modelCache) paths.set(svc.modelCache.path, "model-cache");
  const names = new Set(TAKEN_VOLUMES);
  for (const [i, volume] of volumes.entries()) {
    if (names.has(volume.name)) report(at("volumes", i, "name"), `volume name "${volume.name}" is already taken`);
    names.add(volume.name);
    const other = paths.get(volume.mountPath);
    if (other) report(at("volumes", i, "mountPath"), `${volume.mountPath} is already the mount of volume "${other}"`);
    paths.set(volume.mountPath, volume.name);
  }
}

function checkTolerations(tolerations: NonNullable<ServiceConfig["tolerations"]>, at: At, report: Report): void {
  for (const [i, t] of tolerations.entries()) {
    if (t.operator === "Exists" && t.value !== undefined) report(at("tolerations", i, "value"), "must be empty with operator Exists");
    if (t.key === undefined && t.operator !== "Exists") report(at("tolerations", i, "operator"), "a toleration without a key must use operator Exists");
    if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") report(at("tolerations", i, "tolerationSeconds"), "applies to effect NoExecute only");
  }
}
