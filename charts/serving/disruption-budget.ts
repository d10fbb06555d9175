import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ServiceContext } from "./context";
import { serviceObjectName } from "../../environments/format/object-names";

/**
 * policy/v1 PDB. The loader guarantees minAvailable < minimum replicas, so a
 * node drain can always evict at least one pod. Unhealthy pods may always be
 * evicted: they serve nothing, and guarding them would block drains forever.
 */
export class ServingDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { minAvailable, maxUnavailable } = ctx.svc.availability;
    const budget = minAvailable !== undefined ? { minAvailable: podsOrPercent(minAvailable) } : { maxUnavailable: podsOrPercent(maxUnavailable ?? 1) };
    new k8s.KubePodDisruptionBudget(this, "pdb", {
      metadata: ctx.meta(serviceObjectName(ctx.svc, "pdb")),
      spec: { ...budget, selector: { matchLabels: ctx.selector }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
    });
  }
}

function podsOrPercent(value: number | string): k8s.IntOrString {
  return typeof value === "number" ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}
