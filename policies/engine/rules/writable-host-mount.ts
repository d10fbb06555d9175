import { asArray, isObj } from "../resources";
import type { Rule } from "../rule";

/** A hostPath volume mounted read-write lets the pod change the node's files. */
export const writableHostMount: Rule = (ctx) => {
  for (const r of ctx.resources) {
    if (!r.podSpec) continue;
    const hostVolumes = new Set(asArray(r.podSpec.volumes).filter((v) => isObj(v) && v.hostPath !== undefined).map((v) => String((v as { name?: unknown }).name)));
    if (hostVolumes.size === 0) continue;
    for (const c of r.containers) {
      asArray(c.value.volumeMounts).forEach((mount, i) => {
        if (isObj(mount) && hostVolumes.has(String(mount.name)) && mount.readOnly !== true) {
          ctx.report(r, [...c.path, "volumeMounts", i], `container ${c.name} mounts host path volume ${String(mount.name)} writable`);
        }
      });
    }
  }
};
