import { asArray, get, isObj } from "../resources";
import type { Path, ResourceRule } from "../rule";

/** The Service a backend names, where its name and port sit, and the port by number or name. */
interface ServiceRef {
  service: string;
  namePath: Path;
  portPath: Path;
  number?: unknown;
  portName?: unknown;
}

/** `service: {name, port: {number|name}}`, or in v1beta1 `serviceName`/`servicePort` (a number or a name). */
function serviceRef(backend: unknown, v1beta1: boolean): ServiceRef | undefined {
  const service = get(backend, ["service"]);
  if (isObj(service) && typeof service.name === "string") {
    const port = get(service, ["port"]);
    return { service: service.name, namePath: ["service", "name"], portPath: ["service", "port"], number: get(port, ["number"]), portName: get(port, ["name"]) };
  }
  const name = v1beta1 ? get(backend, ["serviceName"]) : undefined;
  if (typeof name !== "string") return undefined;
  const port = get(backend, ["servicePort"]);
  return { service: name, namePath: ["serviceName"], portPath: ["servicePort"], ...(typeof port === "number" ? { number: port } : typeof port === "string" ? { portName: port } : {}) };
}

/** Every Ingress backend must name a Service of the run (and a port it exposes). */
export const ingressTargetsService: ResourceRule = {
  perResource: (ctx) => (ing) => {
    // spec.backend: the default backend's name in extensions/v1beta1 and networking.k8s.io/v1beta1.
    const backends: Array<[Path, unknown]> = [
      [["spec", "defaultBackend"], get(ing.object, ["spec", "defaultBackend"])],
      [["spec", "backend"], get(ing.object, ["spec", "backend"])],
    ];
    asArray(get(ing.object, ["spec", "rules"])).forEach((rule, i) => {
      asArray(get(rule, ["http", "paths"])).forEach((p, j) => {
        backends.push([["spec", "rules", i, "http", "paths", j, "backend"], get(p, ["backend"])]);
      });
    });
    const v1beta1 = ing.ref.apiVersion.endsWith("/v1beta1");
    for (const [path, backend] of backends) {
      const ref = serviceRef(backend, v1beta1);
      if (!ref) {
        // A backend is a Service or a resource; v1 has no serviceName, so such a backend routes nowhere.
        if (isObj(backend) && !isObj(backend.resource)) ctx.report(ing, path, `Ingress ${ing.ref.name}: backend names no Service (${ing.ref.apiVersion} has no serviceName or servicePort)`);
        continue;
      }
      const target = ctx.index.named(ing.namespace, "Service", ref.service);
      if (!target) {
        ctx.report(ing, [...path, ...ref.namePath], `Ingress ${ing.ref.name}: backend Service ${ref.service} does not exist in namespace ${ing.namespace}`);
        continue;
      }
      const { number, portName } = ref;
      if (number === undefined && portName === undefined) continue;
      const ports = asArray(get(target.object, ["spec", "ports"])).filter(isObj);
      const exposed = ports.some((p) => (number !== undefined && p.port === number) || (portName !== undefined && p.name === portName));
      if (!exposed) ctx.report(ing, [...path, ...ref.portPath], `Ingress ${ing.ref.name}: Service ${ref.service} exposes no port ${String(number ?? portName)}`);
    }
  },
};
