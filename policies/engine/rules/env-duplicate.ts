import { asArray, isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** With duplicate env names the last one silently wins. */
export const envDuplicate: ResourceRule = {
  perResource: (ctx) => (r) => {
    for (const c of r.containers) {
      const seen = new Set<string>();
      asArray(c.value.env).forEach((env, i) => {
        if (!isObj(env) || typeof env.name !== "string") return;
        if (seen.has(env.name)) ctx.report(r, [...c.path, "env", i, "name"], `container ${c.name}: environment variable ${env.name} is set more than once`);
        seen.add(env.name);
      });
    }
  },
};
