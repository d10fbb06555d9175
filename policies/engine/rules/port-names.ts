import { asArray, get, isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** IANA service names, as Kubernetes validates port names: at most 15 characters, a letter, no double hyphen. */
function isValidPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--");
}

/**
 * Container ports have a containerPort and a unique, valid IANA service name (when named); Service target
 * ports are valid names or numbers in range.
 */
export const portNames: ResourceRule = {
  perResource: (ctx) => (r) => {
    for (const c of r.containers) {
      const seen = new Set<string>();
      asArray(c.value.ports).forEach((port, i) => {
        if (!isObj(port)) return;
        if (port.containerPort === undefined) {
          ctx.report(r, [...c.path, "ports", i], `container ${c.name}: port ${i} has no containerPort`);
        }
        if (typeof port.name !== "string") return;
        if (!isValidPortName(port.name)) {
          ctx.report(r, [...c.path, "ports", i, "name"], `container ${c.name}: port name "${port.name}" is not a valid IANA service name`);
        } else if (seen.has(port.name)) {
          ctx.report(r, [...c.path, "ports", i, "name"], `container ${c.name}: port name "${port.name}" is used twice`);
        }
        seen.add(port.name);
      });
    }
    if (r.ref.kind !== "Service") return;
    asArray(get(r.object, ["spec", "ports"])).forEach((port, i) => {
      if (!isObj(port)) return;
      const target = port.targetPort;
      if (typeof target === "string" && !isValidPortName(target)) {
        ctx.report(r, ["spec", "ports", i, "targetPort"], `Service ${r.ref.name}: targetPort "${target}" is not a valid IANA service name`);
      } else if (typeof target === "number" && (target < 1 || target > 65535)) {
        ctx.report(r, ["spec", "ports", i, "targetPort"], `Service ${r.ref.name}: targetPort ${target} is not between 1 and 65535`);
      }
    });
  },
};
