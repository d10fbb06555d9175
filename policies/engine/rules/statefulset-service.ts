import { get } from "../resources";
import type { Rule } from "../rule";
import { servicesByWorkload } from "../workloads";

/** A StatefulSet's serviceName must be a headless Service that selects its pods, or its pods get no stable DNS names. */
export const statefulSetService: Rule = (ctx) => {
  const services = servicesByWorkload(ctx.index);
  for (const sts of ctx.resources) {
    const name = get(sts.object, ["spec", "serviceName"]);
    const headless = (services.get(sts) ?? []).some((svc) => svc.ref.name === name && get(svc.object, ["spec", "clusterIP"]) === "None");
    if (headless) continue;
    const why = typeof name === "string" && name !== "" ? `serviceName ${name} is not a headless Service selecting its pods` : "sets no serviceName";
    ctx.report(sts, ["spec", "serviceName"], `StatefulSet ${sts.ref.name} ${why}`);
  }
};
