import { Construct } from "constructs";
import * as k8s from "../imports/k8s";
import type { VolumeClaimConfig } from "../../environments/format/model";
import type { ServiceContext } from "./context";
import { cacheClaimName, modelClaimName } from "./model-storage";

/**
 * The PersistentVolumeClaims a service's model asks gitops-forge to write
 * (a `size` instead of an existing claim's `name`): the model's own volume,
 * shared read-only by the replicas, or the cache the init container fills.
 */
export class ModelVolumeClaims extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { svc } = ctx;
    const claims: Array<[VolumeClaimConfig | undefined, string, string]> = [
      [svc.model?.volumeClaim, modelClaimName(svc), "ReadOnlyMany"],
      [svc.model?.cache?.volumeClaim, cacheClaimName(svc), "ReadWriteMany"],
    ];
    for (const [claim, name, defaultMode] of claims) {
      if (claim?.size === undefined) continue;
      new k8s.KubePersistentVolumeClaim(this, name, {
        metadata: ctx.meta(name),
        spec: {
          accessModes: claim.accessModes ?? [defaultMode],
          resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
          ...(claim.storageClass ? { storageClassName: claim.storageClass } : {}),
          ...(claim.fromSnapshot ? { dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: claim.fromSnapshot } } : {}),
        },
      });
    }
  }
}
