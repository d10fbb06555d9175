import { Construct } from "constructs";
import * as kplus from "cdk8s-plus-34";
import * as k8s from "./imports/k8s";
import { NAMESPACE_OBJECT_NAMES, type NamespaceSettings, type ResolvedEnvironment } from "../environments/schema";
import { ENVIRONMENT_LABEL, NAMESPACE_NAME_LABEL } from "./labels";
import { limitRangeItems, quotaHard } from "./namespace-quota";
import { namespaceObjectName } from "../environments/format/object-names";

export interface NamespaceBaselineProps {
  env: ResolvedEnvironment;
  namespace: string;
  settings: NamespaceSettings;
}

/** Pod Security Admission at its strictest, for enforcement, audit and warnings alike. */
const POD_SECURITY_LABELS = Object.fromEntries(
  ["enforce", "audit", "warn"].flatMap((mode) => [
    [`pod-security.kubernetes.io/${mode}`, "restricted"],
    [`pod-security.kubernetes.io/${mode}-version`, "latest"],
  ]),
);

/**
 * What every environment namespace has before any workload lands: the
 * Namespace itself, a quota (when given), container defaults, and network isolation
 * (deny everything, then allow DNS).
 */
export class NamespaceBaseline extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceBaselineProps) {
    super(scope, id);
    const { env, namespace, settings } = props;
    new kplus.Namespace(this, "namespace", {
      metadata: { name: namespace, labels: { ...settings.labels, ...POD_SECURITY_LABELS }, ...(settings.annotations ? { annotations: settings.annotations } : {}) },
    });
    const meta = (name: string) => ({ name, namespace });

    if (settings.quota) {
      const gpuResources = [...new Set(Object.values(env.gpuPools).map((p) => p.resource))].sort();
      new k8s.KubeResourceQuota(this, "quota", { metadata: meta(namespaceObjectName(settings, "quota")), spec: { hard: quotaHard(settings.quota, gpuResources) } });
    }
    new k8s.KubeLimitRange(this, "limits", { metadata: meta(namespaceObjectName(settings, "limitRange")), spec: { limits: limitRangeItems(settings.limitRange) } });

    new k8s.KubeNetworkPolicy(this, "default-deny", {
      metadata: meta(namespaceObjectName(settings, "defaultDeny")),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    allowDns(this, env, meta(NAMESPACE_OBJECT_NAMES.allowDns), {});
  }
}

/**
 * A namespace the environment uses but does not own (`owned: false`): no
 * Namespace, quota, LimitRange or default-deny, only DNS egress for the
 * environment's own pods (their NetworkPolicies deny all other egress).
 */
export class SharedNamespaceBaseline extends Construct {
  constructor(scope: Construct, id: string, props: Omit<NamespaceBaselineProps, "settings">) {
    super(scope, id);
    const { env, namespace } = props;
    allowDns(this, env, { name: `${env.platform}-${env.name}-${NAMESPACE_OBJECT_NAMES.allowDns}`, namespace }, { [ENVIRONMENT_LABEL]: env.name });
  }
}

function allowDns(scope: Construct, env: ResolvedEnvironment, metadata: { name: string; namespace: string }, pods: Record<string, string>): void {
  const dnsPorts = ["UDP", "TCP"].map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(53) }));
  new k8s.KubeNetworkPolicy(scope, "allow-dns", {
    metadata,
    spec: {
      podSelector: Object.keys(pods).length ? { matchLabels: pods } : {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: env.dns.namespace } }, podSelector: { matchLabels: env.dns.podLabels } }],
          ports: dnsPorts,
        },
      ],
    },
  });
}
