import { asArray, isObj } from "../resources";
import type { ResourceRule } from "../rule";

/** A hostPath volume mounted read-write lets the pod change the node's files. */
export const writableHostMount: ResourceRule = {
  perResource: (ctx) => (r) => {
    if (!r.podSpec) return;
    const hostVolumes = new Set(asArray(r.podSpec.volumes).filter((v) => isObj(v) && v.hostPath !== undefined).map((v) => String((v as { name?: unknown }).name)));
    if (hostVolumes.size === 0) return;
    for (const c of r.containers) {
      asArray(c.value.volumeMounts).forEach((mount, i) => {
        if (isObj(mount) && hostVolumes.has(String(mount.name)) && mount.readOnly !== true) {
          ctx.report(r, [...c.path, "volumeMounts", i], `container ${c.name} mounts host path volume ${String(mount.name)} writable`);
        }
      });
    }
  },
};
