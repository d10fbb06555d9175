import { capabilityList, capabilityName } from "../capabilities";
import { stringListParam, type ResourceRule } from "../rule";

/** Containers drop ALL capabilities, or every one of the named ones. */
export const dropCapabilities: ResourceRule = {
  perResource: (ctx) => {
    const mustDrop = stringListParam(ctx, "mustDrop");
    const wanted = mustDrop.map(capabilityName);
    return (r) => {
      for (const c of r.containers) {
        if (c.list === "ephemeralContainers") continue;
        const dropped = capabilityList(c, "drop");
        if (dropped.includes("ALL") || wanted.every((w) => dropped.includes(w))) continue;
        ctx.report(r, [...c.path, "securityContext", "capabilities", "drop"], `container ${c.name} does not drop ${mustDrop.join(", ")}`);
      }
    };
  },
};
