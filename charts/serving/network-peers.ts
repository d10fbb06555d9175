import * as k8s from "../imports/k8s";
import type { NetworkPeer } from "../../environments/format/network";
import { NAMESPACE_NAME_LABEL, selectorLabels } from "../labels";
import { HTTP_PORT, type ServiceContext } from "./context";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";

type Port = { port: number | string; protocol?: string; endPort?: number };

type Rules = NonNullable<ResolvedService["networkPolicy"]>;

/** The service's own `networkPolicy` rules, in the NetworkPolicy's terms, after the generated ones. */
export function extraRules(ctx: ServiceContext): { ingress: k8s.NetworkPolicyIngressRule[]; egress: k8s.NetworkPolicyEgressRule[] } {
  const rules = ctx.svc.networkPolicy;
  if (!rules) return { ingress: [], egress: [] };
  return {
    ingress: (rules.ingress ?? []).map((rule) => ({ from: rule.from.map((p) => peer(ctx, p)), ports: (rule.ports ?? [{ port: HTTP_PORT }]).map(policyPort) })),
    egress: extraEgress(ctx.env, rules.egress),
  };
}

/** `networkPolicy.egress` rules (of a service or a job) in the NetworkPolicy's terms. */
export function extraEgress(env: ResolvedEnvironment, egress: Rules["egress"]): k8s.NetworkPolicyEgressRule[] {
  const ctx = { env };
  return (egress ?? []).map((rule) => {
    const ports = rule.ports ?? servicePorts(ctx, rule.to);
    return { to: rule.to.map((p) => peer(ctx, p)), ...(ports ? { ports: ports.map(policyPort) } : {}) };
  });
}

function peer(ctx: Pick<ServiceContext, "env">, p: NetworkPeer): k8s.NetworkPolicyPeer {
  if (p.ipBlock) return { ipBlock: { cidr: p.ipBlock.cidr, ...(p.ipBlock.except ? { except: p.ipBlock.except } : {}) } };
  if (p.service) {
    const target = ctx.env.services.find((s) => s.name === p.service)!;
    return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: target.namespace } }, podSelector: { matchLabels: selectorLabels(ctx.env, target) } };
  }
  const namespaceSelector = p.namespace !== undefined ? { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace } } : p.namespaceSelector;
  return { ...(namespaceSelector ? { namespaceSelector } : {}), ...(p.podSelector ? { podSelector: p.podSelector } : {}) };
}

/** A rule to services only defaults to their ports; any other rule without ports opens every port, as in Kubernetes. */
function servicePorts(ctx: Pick<ServiceContext, "env">, peers: NetworkPeer[]): Port[] | undefined {
  if (!peers.every((p) => p.service !== undefined)) return undefined;
  const ports = [...new Set(peers.map((p) => ctx.env.services.find((s) => s.name === p.service)!.port))];
  return ports.map((port) => ({ port }));
}

function policyPort(p: Port): k8s.NetworkPolicyPort {
  return {
    protocol: p.protocol ?? "TCP",
    port: typeof p.port === "number" ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
    ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
  };
}
