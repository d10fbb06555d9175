import { asArray, get, isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** IANA service names, as Kubernetes validates port names: at most 15 characters, a letter, no double hyphen. */
function isValidPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--");
}

/** Container port names and named Service target ports must be valid IANA service names. */
export const portNames: ResourceRule = {
  perResource: (ctx) => (r) => {
    for (const c of r.containers) {
      asArray(c.value.ports).forEach((port, i) => {
        if (isObj(port) && typeof port.name === "string" && !isValidPortName(port.name)) {
          ctx.report(r, [...c.path, "ports", i, "name"], `container ${c.name}: port name "${port.name}" is not a valid IANA service name`);
        }
      });
    }
    if (r.ref.kind !== "Service") return;
    asArray(get(r.object, ["spec", "ports"])).forEach((port, i) => {
      if (isObj(port) && typeof port.targetPort === "string" && !isValidPortName(port.targetPort)) {
        ctx.report(r, ["spec", "ports", i, "targetPort"], `Service ${r.ref.name}: targetPort "${port.targetPort}" is not a valid IANA service name`);
      }
    });
  },
};
