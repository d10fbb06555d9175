import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";
import type { ServiceContext } from "./context";
import { serviceObjectName } from "../../environments/format/object-names";

type Stateful = NonNullable<ResolvedService["stateful"]>;

/** The headless Service that gives the pods their stable names: the service's own when it is headless. */
export function governingServiceName(svc: ResolvedService): string {
  return svc.service?.headless ? serviceObjectName(svc, "service") : `${svc.name}-headless`;
}

/** Where each pod's volumes are mounted (stateful services only). */
export function claimMounts(svc: ResolvedService): k8s.VolumeMount[] {
  return (svc.stateful?.volumes ?? []).map(({ name, mountPath }) => ({ name, mountPath }));
}

/**
 * The StatefulSet spec around a pod template: each pod's claims, its governing
 * Service, the pod management and a rolling update (partitioned when asked).
 */
export function statefulSetSpec(ctx: ServiceContext, stateful: Stateful, template: k8s.PodTemplateSpec, replicas: { replicas?: number }): k8s.StatefulSetSpec {
  const { svc } = ctx;
  return {
    ...replicas,
    serviceName: governingServiceName(svc),
    podManagementPolicy: stateful.podManagementPolicy,
    revisionHistoryLimit: 5,
    selector: { matchLabels: ctx.selector },
    updateStrategy: { type: "RollingUpdate", ...(stateful.partition !== undefined ? { rollingUpdate: { partition: stateful.partition } } : {}) },
    ...(svc.minReadySeconds !== undefined ? { minReadySeconds: svc.minReadySeconds } : {}),
    template,
    volumeClaimTemplates: stateful.volumes.map((volume) => ({
      metadata: { name: volume.name, labels: ctx.selector },
      spec: {
        accessModes: volume.accessModes,
        ...(volume.storageClass ? { storageClassName: volume.storageClass } : {}),
        resources: { requests: { storage: k8s.Quantity.fromString(volume.size) } },
      },
    })),
  };
}

/**
 * `<service>-headless`: publishes each pod's address under a stable DNS name,
 * ready or not, so peers that form a cluster (Parallel pods) find each other
 * before they serve. It has no ports: the ServiceMonitor, which selects the
 * service's Services by label and scrapes named ports, must not scrape the
 * pods a second time through it. Written as a plain object because the typed
 * L1 prop spells the API's clusterIP as clusterIp.
 */
export class GoverningService extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    new ApiObject(this, "service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: ctx.meta(governingServiceName(ctx.svc)),
      spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: ctx.selector },
    });
  }
}

/**
 * Pods of a replicated StatefulSet talk to each other (replication, cluster
 * gossip): in and out between its own pods, on its main container's ports. None for
 * a single pod, or a service without state.
 */
export function peerRules(ctx: ServiceContext): { ingress: k8s.NetworkPolicyIngressRule[]; egress: k8s.NetworkPolicyEgressRule[] } {
  const { svc } = ctx;
  const replicated = svc.autoscaling !== undefined || svc.keda !== undefined || svc.replicas > 1;
  if (!svc.stateful || !replicated) return { ingress: [], egress: [] };
  const peers = [{ podSelector: { matchLabels: ctx.selector } }];
  // The server's ports only: a sidecar (an exporter) is scraped by monitoring, not by peers.
  const ports = ctx.mainContainerPorts.map(({ containerPort, protocol }) => ({ protocol, port: k8s.IntOrString.fromNumber(containerPort) }));
  return { ingress: [{ from: peers, ports }], egress: [{ to: peers, ports }] };
}
