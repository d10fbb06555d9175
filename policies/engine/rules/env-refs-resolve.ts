import { asArray, get, isObj } from "../resources";
import type { Rule } from "../rule";

const SOURCES = [
  { ref: "secretKeyRef", kind: "Secret", keys: ["data", "stringData"] },
  { ref: "configMapKeyRef", kind: "ConfigMap", keys: ["data", "binaryData"] },
] as const;

/**
 * An env var read from a Secret or ConfigMap key that the object (when it is among the manifests) does not
 * have keeps the pod in CreateContainerConfigError. Objects managed elsewhere and optional refs are not judged.
 */
export const envRefsResolve: Rule = (ctx) => {
  for (const r of ctx.resources) {
    for (const c of r.containers) {
      asArray(c.value.env).forEach((env, i) => {
        if (!isObj(env)) return;
        for (const source of SOURCES) {
          const ref = get(env, ["valueFrom", source.ref]);
          if (!isObj(ref) || ref.optional === true) continue;
          const { name, key } = ref;
          if (typeof name !== "string" || typeof key !== "string") continue;
          const target = ctx.index.named(r.namespace, source.kind, name);
          if (!target || source.keys.some((k) => isObj(target.object[k]) && Object.hasOwn(target.object[k], key))) continue;
          ctx.report(r, [...c.path, "env", i, "valueFrom", source.ref, "key"], `container ${c.name}: ${source.kind} ${name} has no key ${key}`);
        }
      });
    }
  }
};
