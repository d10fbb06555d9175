import { asArray, get, isObj } from "../resources";
import type { Path, ResourceRule } from "../rule";

/** Every Ingress backend must name a Service of the run (and a port it exposes). */
export const ingressTargetsService: ResourceRule = {
  perResource: (ctx) => (ing) => {
    const backends: Array<[Path, unknown]> = [[["spec", "defaultBackend"], get(ing.object, ["spec", "defaultBackend"])]];
    asArray(get(ing.object, ["spec", "rules"])).forEach((rule, i) => {
      asArray(get(rule, ["http", "paths"])).forEach((p, j) => {
        backends.push([["spec", "rules", i, "http", "paths", j, "backend"], get(p, ["backend"])]);
      });
    });
    for (const [path, backend] of backends) {
      const service = get(backend, ["service"]);
      if (!isObj(service) || typeof service.name !== "string") continue;
      const target = ctx.index.named(ing.namespace, "Service", service.name);
      if (!target) {
        ctx.report(ing, [...path, "service", "name"], `Ingress ${ing.ref.name}: backend Service ${service.name} does not exist in namespace ${ing.namespace}`);
        continue;
      }
      const port = get(service, ["port"]);
      const ports = asArray(get(target.object, ["spec", "ports"])).filter(isObj);
      const number = get(port, ["number"]);
      const name = get(port, ["name"]);
      const exposed = ports.some((p) => (number !== undefined && p.port === number) || (name !== undefined && p.name === name));
      if (isObj(port) && !exposed) {
        ctx.report(ing, [...path, "service", "port"], `Ingress ${ing.ref.name}: Service ${service.name} exposes no port ${String(number ?? name)}`);
      }
    }
  },
};
