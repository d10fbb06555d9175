import { asArray, get } from "../resources";
import { numberParam, stringListParam, type Rule } from "../rule";
import { minimumReplicas } from "../workloads";

/** Replicas on one node fail together: spread them with anti-affinity (or, if allowed, topology spread). */
export const podAntiAffinity: Rule = (ctx) => {
  const minReplicas = numberParam(ctx, "minReplicas");
  const topologyKeys = stringListParam(ctx, "topologyKeys");
  const acceptSpread = ctx.params.acceptTopologySpread === true;
  for (const w of ctx.resources) {
    if (!w.podSpec || !w.podSpecPath || minimumReplicas(ctx.index, w) < minReplicas) continue;
    const anti = get(w.podSpec, ["affinity", "podAntiAffinity"]);
    const terms = [
      ...asArray(get(anti, ["requiredDuringSchedulingIgnoredDuringExecution"])),
      ...asArray(get(anti, ["preferredDuringSchedulingIgnoredDuringExecution"])).map((t) => get(t, ["podAffinityTerm"])),
    ];
    const spread = acceptSpread ? asArray(w.podSpec.topologySpreadConstraints) : [];
    const keys = [...terms, ...spread].map((t) => get(t, ["topologyKey"]));
    if (keys.some((k) => typeof k === "string" && topologyKeys.includes(k))) continue;
    ctx.report(w, [...w.podSpecPath, "affinity"], `${w.ref.kind} ${w.ref.name}: ${minimumReplicas(ctx.index, w)} replicas without pod anti-affinity on ${topologyKeys.join(" or ")}`);
  }
};
