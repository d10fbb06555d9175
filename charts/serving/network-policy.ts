import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import { NAMESPACE_NAME_LABEL, selectorLabels } from "../labels";
import { HTTP_PORT, type ServiceContext } from "./context";
import { metricsEndpointsOf } from "../../environments/service-ports";
import { extraRules } from "./network-peers";
import { peerRules } from "./stateful-set";

/**
 * The service's holes in its namespace's default-deny: in, from the services
 * that declare it as a dependency, from the ingress controller when it has a
 * public host, and from monitoring on the ports it scrapes only; out, to exactly
 * its declared dependencies.
 */
export class ServingNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { env, svc } = ctx;
    const inNamespace = (namespace: string) => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } });
    const tcp = (port: string | number) => ({
      protocol: "TCP",
      port: typeof port === "number" ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
    });

    const callers = ctx.callers;
    const ingress: k8s.NetworkPolicyIngressRule[] = [];
    if (callers.length > 0) {
      ingress.push({
        from: callers.map((caller) => ({ namespaceSelector: inNamespace(caller.namespace), podSelector: { matchLabels: selectorLabels(env, caller) } })),
        ports: [tcp(HTTP_PORT)],
      });
    }
    if (svc.ingress) ingress.push({ from: [{ namespaceSelector: inNamespace(env.ingress.controllerNamespace) }], ports: [tcp(HTTP_PORT)] });
    ingress.push({ from: [{ namespaceSelector: inNamespace(env.monitoring.namespace) }], ports: scrapedPorts(ctx).map(tcp) });

    const egress: k8s.NetworkPolicyEgressRule[] = [
      ...ctx.dependencies.map((target) => ({
        to: [{ namespaceSelector: inNamespace(target.namespace), podSelector: { matchLabels: selectorLabels(env, target) } }],
        ports: [tcp(target.port)],
      })),
      ...svc.dependencies.external.map((ext) => ({ to: [{ ipBlock: { cidr: ext.cidr } }], ports: [tcp(ext.port)] })),
    ];

    const extra = extraRules(ctx);
    const peers = peerRules(ctx);
    ingress.push(...peers.ingress, ...extra.ingress);
    egress.push(...peers.egress, ...extra.egress);

    new k8s.KubeNetworkPolicy(this, "network-policy", {
      metadata: ctx.meta(),
      // No egress rules under policyType Egress denies all egress; an empty list would read as drift once the API server drops it.
      spec: { podSelector: { matchLabels: ctx.selector }, policyTypes: ["Ingress", "Egress"], ingress, ...(egress.length ? { egress } : {}) },
    });
  }
}

/** The pod ports behind the Service ports the ServiceMonitor scrapes, each once. */
function scrapedPorts(ctx: ServiceContext): Array<string | number> {
  const ports = new Set<string | number>();
  for (const endpoint of metricsEndpointsOf(ctx.svc)) ports.add(ctx.servicePorts.find((p) => p.name === endpoint.port)!.targetPort);
  return [...ports];
}
