import { capabilityList, capabilityName } from "../capabilities";
import { stringParam, type ResourceRule } from "../rule";

/** Containers drop the named capability, or ALL. */
export const dropCapabilities: ResourceRule = {
  perResource: (ctx) => {
    const mustDrop = stringParam(ctx, "mustDrop");
    const wanted = capabilityName(mustDrop);
    return (r) => {
      for (const c of r.containers) {
        if (c.list === "ephemeralContainers") continue;
        const dropped = capabilityList(c, "drop");
        if (dropped.includes("ALL") || dropped.includes(wanted)) continue;
        ctx.report(r, [...c.path, "securityContext", "capabilities", "drop"], `container ${c.name} does not drop ${mustDrop}`);
      }
    };
  },
};
