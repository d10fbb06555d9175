import { get } from "../resources";
import type { ResourceRule } from "../rule";
import { servicesByWorkload } from "../workloads";

/** A StatefulSet's serviceName must be a headless Service that selects its pods, or its pods get no stable DNS names. */
export const statefulSetService: ResourceRule = {
  perResource: (ctx) => {
    const services = servicesByWorkload(ctx.index);
    return (sts) => {
      const name = get(sts.object, ["spec", "serviceName"]);
      const headless = (services.get(sts) ?? []).some((svc) => svc.ref.name === name && get(svc.object, ["spec", "clusterIP"]) === "None");
      if (headless) return;
      const why = typeof name === "string" && name !== "" ? `serviceName ${name} is not a headless Service selecting its pods` : "sets no serviceName";
      ctx.report(sts, ["spec", "serviceName"], `StatefulSet ${sts.ref.name} ${why}`);
    };
  },
};
