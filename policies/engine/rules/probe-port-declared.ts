import { get, isObj } from "../resources";
import type { ResourceRule } from "../rule";
import { declaredPorts } from "../workloads";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["httpGet", "tcpSocket", "grpc"] as const;

/** A probe on a port the container does not declare checks nothing the pod serves. */
export const probePortDeclared: ResourceRule = {
  perResource: (ctx) => (r) => {
    for (const c of r.containers) {
      if (c.list !== "containers") continue;
      // Every probe handler connects over TCP: a UDP port cannot answer it.
      const ports = declaredPorts([c], "TCP");
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const port = get(c.value, [probe, handler, "port"]);
          if (port === undefined || !isObj(c.value[probe])) continue;
          const declared = typeof port === "number" ? ports.numbers.has(port) : ports.names.has(String(port));
          if (!declared) {
            ctx.report(r, [...c.path, probe, handler, "port"], `container ${c.name}: ${probe} uses port ${String(port)}, which the container does not declare over TCP`);
          }
        }
      }
    }
  },
};
