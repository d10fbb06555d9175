import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import { HTTP_PORT, type ServiceContext } from "./context";

/** Public entry with TLS from cert-manager; user annotations (rate limits...) on top. */
export class ServingIngress extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { env, svc } = ctx;
    const ingress = svc.ingress!;
    new k8s.KubeIngress(this, "ingress", {
      metadata: {
        ...ctx.meta(),
        annotations: { ...ingress.annotations, "cert-manager.io/cluster-issuer": env.ingress.clusterIssuer },
      },
      spec: {
        ingressClassName: env.ingress.className,
        tls: [{ hosts: [ingress.host], secretName: `${svc.name}-tls` }],
        rules: [
          {
            host: ingress.host,
            http: {
              paths: [{ path: ingress.path, pathType: "Prefix", backend: { service: { name: svc.name, port: { name: HTTP_PORT } } } }],
            },
          },
        ],
      },
    });
  }
}
