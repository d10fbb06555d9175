import type { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedEnvironment } from "../../environments/schema";
import { editManifest } from "../customization/edit-manifest";
import * as k8s from "../imports/k8s";
import type { ServiceContext } from "./context";
import { serviceObjectName } from "../../environments/format/object-names";

/** A ClusterIP Service: each container port on its own number unless `service.ports` maps it (80 -> 8001). */
export class ServingEndpoint extends Construct {
  /** `name`: another Service of the same pods (a Rollout's canary or preview Service, whose selector Argo Rollouts narrows). */
  constructor(scope: Construct, id: string, ctx: ServiceContext, name = serviceObjectName(ctx.svc, "service")) {
    super(scope, id);
    new k8s.KubeService(this, "service", {
      metadata: ctx.meta(name),
      spec: {
        type: "ClusterIP",
        selector: ctx.selector,
        ports: ctx.servicePorts.map(({ name, port, targetPort, protocol, appProtocol }) => ({
          name,
          port,
          targetPort: typeof targetPort === "number" ? k8s.IntOrString.fromNumber(targetPort) : k8s.IntOrString.fromString(targetPort),
          protocol,
          ...(appProtocol ? { appProtocol } : {}),
        })),
      },
    });
  }
}

/**
 * Headless Services (`service.headless`): DNS returns every ready pod instead
 * of one virtual IP. Set on the finished manifest, because the typed prop is
 * spelt clusterIp while the API field is clusterIP.
 */
export function applyHeadlessServices(env: ResolvedEnvironment, objects: readonly ApiObject[]): void {
  const headless = new Set(env.services.filter((s) => s.service?.headless).map((s) => `${s.namespace}/${serviceObjectName(s, "service")}`));
  if (headless.size === 0) return;
  for (const object of objects) {
    if (object.kind !== "Service" || !headless.has(`${object.metadata.namespace}/${object.name}`)) continue;
    editManifest(object, (m) => ({ ...m, spec: { ...(m.spec as object), clusterIP: "None" } }));
  }
}
