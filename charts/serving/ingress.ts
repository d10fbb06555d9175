import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import { ingressRules, ingressTls } from "../../environments/format/ingress";
import { HTTP_PORT, type ServiceContext } from "./context";
import { serviceObjectName } from "../../environments/format/object-names";

/** Public entry with TLS (from cert-manager unless the certificate exists already); user annotations (rate limits...) on top. */
/** ingress-nginx proxies HTTP/1.1 unless told the pods speak gRPC (the user's own annotation still wins). */
function backendProtocol(ctx: ServiceContext): Record<string, string> {
  const appProtocol = ctx.servicePorts.find((p) => p.name === HTTP_PORT)?.appProtocol;
  return appProtocol === "grpc" ? { "nginx.ingress.kubernetes.io/backend-protocol": "GRPC" } : {};
}

export class ServingIngress extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { env, svc } = ctx;
    const ingress = svc.ingress!;
    const backend = { service: { name: serviceObjectName(svc, "service"), port: { name: HTTP_PORT } } };
    new k8s.KubeIngress(this, "ingress", {
      metadata: {
        ...ctx.meta(serviceObjectName(svc, "ingress")),
        annotations: {
          ...backendProtocol(ctx),
          ...ingress.annotations,
          ...(ingress.tls.certManager ? { "cert-manager.io/cluster-issuer": env.ingress.clusterIssuer } : {}),
        },
      },
      spec: {
        ingressClassName: ingress.ingressClassName ?? env.ingress.className,
        tls: [ingressTls(ingress, svc.name)],
        rules: ingressRules(ingress).map((rule) => ({ host: rule.host, http: { paths: rule.paths.map(({ path, pathType }) => ({ path, pathType, backend })) } })),
      },
    });
  }
}
