import { asArray, get, isObj, stringMap, type Resource } from "../resources";
import type { Path, ResourceRule } from "../rule";
import { memo } from "../workloads";

/** Pod annotations of Velero's file-system backup: volumes opted in, and volumes opted out. */
const FS_BACKUP_VOLUMES = "backup.velero.io/backup-volumes";
const FS_BACKUP_EXCLUDES = "backup.velero.io/backup-volumes-excludes";
/** A label that keeps an object (here a claim, and so its volume) out of every backup. */
const EXCLUDE_LABEL = "velero.io/exclude-from-backup";

/** How one Velero Schedule backs up volume data. */
interface VolumeBackup {
  covers: (namespace: string) => boolean;
  snapshots: boolean;
  fsByDefault: boolean;
}

function volumeBackups(ctx: Parameters<ResourceRule["perResource"]>[0]): VolumeBackup[] {
  return memo(ctx.index, "veleroVolumeBackups", () =>
    ctx.index.ofKind("Schedule").flatMap((schedule) => {
      if (!schedule.ref.apiVersion.startsWith("velero.io/")) return [];
      const template = get(schedule.object, ["spec", "template"]);
      const list = (field: string) => asArray(get(template, [field])).map(String);
      const included = list("includedNamespaces");
      const excluded = new Set(list("excludedNamespaces"));
      const resources = list("includedResources");
      const claimsKept = (resources.length === 0 || resources.includes("*") || resources.includes("persistentvolumeclaims")) && !list("excludedResources").includes("persistentvolumeclaims");
      if (!claimsKept) return [];
      return [{
        covers: (ns: string) => (included.length === 0 || included.includes("*") || included.includes(ns)) && !excluded.has(ns),
        // Unset, Velero snapshots volumes wherever a snapshot location exists.
        snapshots: get(template, ["snapshotVolumes"]) !== false,
        fsByDefault: get(template, ["defaultVolumesToFsBackup"]) === true,
      }];
    }),
  );
}

/** A workload's persistent volumes: its claim templates (StatefulSets) and the claims its pods mount. */
function claimVolumes(w: Resource): Array<{ name: string; path: Path; excluded: boolean }> {
  const templates = asArray(get(w.object, ["spec", "volumeClaimTemplates"])).flatMap((t, i) => {
    const name = get(t, ["metadata", "name"]);
    return typeof name === "string" ? [{ name, path: ["spec", "volumeClaimTemplates", i] as Path, excluded: stringMap(get(t, ["metadata", "labels"]))[EXCLUDE_LABEL] === "true" }] : [];
  });
  const mounted = asArray(w.podSpec?.volumes).flatMap((v, i) =>
    isObj(v) && isObj(v.persistentVolumeClaim) && typeof v.name === "string" ? [{ name: v.name, path: [...w.podSpecPath!, "volumes", i] as Path, excluded: false }] : [],
  );
  return [...templates, ...mounted];
}

const names = (text: string | undefined) => new Set((text ?? "").split(",").map((s) => s.trim()).filter(Boolean));

/**
 * Each persistent volume of a workload is copied by a Velero Schedule that
 * covers its namespace: by a volume snapshot, or file by file. A namespace no
 * Schedule covers is velero-covers-namespace's finding, not repeated here.
 */
export const veleroCoversVolumes: ResourceRule = {
  perResource: (ctx) => {
    const backups = volumeBackups(ctx);
    return (w) => {
      const volumes = claimVolumes(w);
      if (volumes.length === 0) return;
      const covering = backups.filter((b) => b.covers(w.namespace));
      if (covering.length === 0) return;
      const pod = w.podSpecPath ? stringMap(get(w.object, [...w.podSpecPath.slice(0, -1), "metadata", "annotations"])) : {};
      const optedIn = names(pod[FS_BACKUP_VOLUMES]);
      const optedOut = names(pod[FS_BACKUP_EXCLUDES]);
      for (const volume of volumes) {
        if (volume.excluded) {
          ctx.report(w, volume.path, `${w.ref.kind} ${w.ref.name}: volume ${volume.name} is labelled ${EXCLUDE_LABEL}, so no backup holds its data`);
          continue;
        }
        const copied = covering.some((b) => b.snapshots || (b.fsByDefault ? !optedOut.has(volume.name) : optedIn.has(volume.name)));
        if (copied) continue;
        ctx.report(w, volume.path, `${w.ref.kind} ${w.ref.name}: volume ${volume.name} is in no Velero backup (the Schedules covering namespace ${w.namespace} take no volume snapshots and do not back it up file by file)`);
      }
    };
  },
};
