import { Construct } from "constructs";
import * as kplus from "cdk8s-plus-34";
import { createHash } from "node:crypto";
import type { ServiceContext } from "./context";
import { dependencyUrlVariable } from "../../environments/format/container-env";
import { serviceObjectName } from "../../environments/format/object-names";
import { httpServicePort } from "../../environments/service-ports";

/**
 * The service's identity and plain settings: a ServiceAccount of its own
 * (API token not mounted: model servers never call the API server) and a
 * ConfigMap with its settings plus the URL of every service it depends on.
 */
export class ServiceConfiguration extends Construct {
  /** Name of the ConfigMap, or undefined when the service has no settings. */
  readonly configMapName?: string;
  /** Changes whenever the settings do, so pods roll on a config change. */
  readonly checksum: string;

  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    new kplus.ServiceAccount(this, "service-account", { metadata: ctx.meta(), automountToken: false });
    const data = settings(ctx);
    this.checksum = createHash("sha256").update(JSON.stringify(Object.entries(data))).digest("hex").slice(0, 16);
    if (Object.keys(data).length > 0) {
      this.configMapName = ctx.svc.configMapName ?? `${ctx.svc.name}-env`;
      new kplus.ConfigMap(this, "settings", { metadata: ctx.meta(this.configMapName), data });
    }
  }
}

/** User settings win over the generated dependency URLs; keys sorted for stable output. */
function settings(ctx: ServiceContext): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const target of ctx.dependencies) {
    urls[dependencyUrlVariable(target.name)] = `http://${serviceObjectName(target, "service")}.${target.namespace}.svc.cluster.local:${httpServicePort(target)}`;
  }
  const merged = { ...urls, ...ctx.svc.env };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]!]));
}
