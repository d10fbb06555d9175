import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ResolvedEnvironment } from "../../environments/schema";
import { batchLabels, type BatchJob } from "./batch-pod";
import { NAMESPACE_NAME_LABEL, selectorLabels } from "../labels";
import { extraEgress } from "../serving/network-peers";

/**
 * A job's identity and its hole in the namespace's default-deny: its own
 * ServiceAccount (no API token) and a NetworkPolicy letting its pods reach
 * the services and endpoints it declares (DNS comes from the namespace's allow-dns) and
 * nothing reach them.
 */
export class BatchAccess extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, job: BatchJob, annotations: Record<string, string> = {}) {
    super(scope, id);
    const { labels, selector } = batchLabels(env, job);
    const metadata = { name: job.name, namespace: job.namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
    new k8s.KubeServiceAccount(this, "service-account", { metadata, automountServiceAccountToken: false });
    const tcp = (port: number) => [{ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) }];
    const egress: k8s.NetworkPolicyEgressRule[] = [
      // The services it calls admit it in turn (it counts among their callers).
      ...job.dependencies.services.map((name) => {
        const target = env.services.find((s) => s.name === name)!;
        return { to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: target.namespace } }, podSelector: { matchLabels: selectorLabels(env, target) } }], ports: tcp(target.port) };
      }),
      ...job.dependencies.external.map((ext) => ({ to: [{ ipBlock: { cidr: ext.cidr } }], ports: tcp(ext.port) })),
      ...extraEgress(env, job.networkPolicy?.egress),
    ];
    new k8s.KubeNetworkPolicy(this, "network-policy", {
      metadata,
      // No egress rules under policyType Egress denies all egress; an empty list would read as drift.
      spec: { podSelector: { matchLabels: selector }, policyTypes: ["Ingress", "Egress"], ...(egress.length ? { egress } : {}) },
    });
  }
}
