import { Construct } from "constructs";
import type { ServiceContext } from "../serving/context";
import { ChaosExperiments, wantsChaos } from "./chaos-experiments";

/** What runs beside a service to watch it and break-test it. */
export class ServiceOperations extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    if (wantsChaos(ctx.env, ctx.svc.chaos)) new ChaosExperiments(this, "chaos", ctx);
  }
}
