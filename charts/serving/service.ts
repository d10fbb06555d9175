import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import { HTTP_PORT, METRICS_PORT, type ServiceContext } from "./context";

/** A ClusterIP Service on the same port numbers as the container, so URLs need no translation. */
export class ServingEndpoint extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { svc } = ctx;
    new k8s.KubeService(this, "service", {
      metadata: ctx.meta(),
      spec: {
        type: "ClusterIP",
        selector: ctx.selector,
        ports: [
          { name: HTTP_PORT, port: svc.port, targetPort: k8s.IntOrString.fromString(HTTP_PORT), protocol: "TCP" },
          { name: METRICS_PORT, port: svc.metricsPort, targetPort: k8s.IntOrString.fromString(METRICS_PORT), protocol: "TCP" },
        ],
      },
    });
  }
}
