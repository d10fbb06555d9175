import { capabilityList, capabilityName } from "../capabilities";
import { stringListParam, type ResourceRule } from "../rule";

/** Containers must not add capabilities that hand them the node (SYS_ADMIN, NET_ADMIN, ALL...). */
export const dangerousCapabilities: ResourceRule = {
  perResource: (ctx) => {
    const forbidden = stringListParam(ctx, "capabilities");
    const names = new Set(forbidden.map(capabilityName));
    return (r) => {
      for (const c of r.containers) {
        capabilityList(c, "add").forEach((name, i) => {
          if (names.has(name)) ctx.report(r, [...c.path, "securityContext", "capabilities", "add", i], `container ${c.name} adds a dangerous capability (${forbidden.join(", ")})`);
        });
      }
    };
  },
};
