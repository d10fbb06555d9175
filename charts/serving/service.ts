import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ServiceContext } from "./context";

/** A ClusterIP Service: each container port on its own number unless `service.ports` maps it (80 -> 8001). */
export class ServingEndpoint extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    new k8s.KubeService(this, "service", {
      metadata: ctx.meta(),
      spec: {
        type: "ClusterIP",
        selector: ctx.selector,
        ports: ctx.servicePorts.map(({ name, port, targetPort, protocol }) => ({
          name,
          port,
          targetPort: typeof targetPort === "number" ? k8s.IntOrString.fromNumber(targetPort) : k8s.IntOrString.fromString(targetPort),
          protocol,
        })),
      },
    });
  }
}
