import { isRecord, listOf, splitApiVersion, type KubeObject } from "./objects";
import { mapWithConcurrency } from "../lib/pool";
import type { KubeTransport } from "./transport";

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  /** The URL segment: `deployments`, `prometheusrules`. */
  plural: string;
  namespaced: boolean;
}

/** What the API server serves, for the group versions the generated objects use. */
export class Discovery {
  private constructor(
    private readonly servedVersions: ReadonlySet<string>,
    private readonly resources: ReadonlyMap<string, ResourceInfo>,
  ) {}

  /** GET /apis once, then the resource list of each requested group version that is served. */
  static async load(transport: KubeTransport, apiVersions: Iterable<string>, concurrency: number): Promise<Discovery> {
    const groups = await transport.read("/apis", "read API discovery /apis");
    const served = new Set<string>(["v1"]);
    for (const group of listOf(isRecord(groups) ? groups.groups : undefined)) {
      for (const v of listOf(group.versions)) if (typeof v.groupVersion === "string") served.add(v.groupVersion);
    }
    const wanted = [...new Set(apiVersions)].filter((gv) => served.has(gv)).sort();
    const lists = await mapWithConcurrency(wanted, concurrency, async (gv) => {
      const path = gv === "v1" ? "/api/v1" : `/apis/${gv}`;
      return { gv, list: await transport.read(path, `read API discovery ${path}`) };
    });
    const resources = new Map<string, ResourceInfo>();
    for (const { gv, list } of lists) {
      for (const r of listOf(isRecord(list) ? list.resources : undefined)) {
        if (typeof r.name !== "string" || r.name.includes("/") || typeof r.kind !== "string") continue; // subresources
        resources.set(`${gv}/${r.kind}`, { apiVersion: gv, kind: r.kind, plural: r.name, namespaced: r.namespaced === true });
      }
    }
    return new Discovery(served, resources);
  }

  isServed(apiVersion: string): boolean {
    return this.servedVersions.has(apiVersion);
  }

  resource(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.resources.get(`${apiVersion}/${kind}`);
  }
}

/** `/apis/apps/v1/namespaces/ml/deployments` (or the cluster-wide collection when no namespace). */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const { group } = splitApiVersion(info.apiVersion);
  const base = group === "" ? `/api/${info.apiVersion}` : `/apis/${info.apiVersion}`;
  return info.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
}

export function objectPath(info: ResourceInfo, object: Pick<KubeObject, "metadata">): string {
  return `${collectionPath(info, object.metadata.namespace)}/${encodeURIComponent(object.metadata.name)}`;
}
