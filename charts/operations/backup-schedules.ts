import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { LONGEST_ENVIRONMENT_SUFFIX, type ResolvedEnvironment } from "../../environments/schema";
import { cronEvery, longestIntervalSeconds } from "../../environments/cron";
import type { BackupSchedule } from "../monitoring/backup-alerts";
import { durationSeconds } from "../../environments/duration";

export const VELERO_API_VERSION = "velero.io/v1";
/** Frequent backups exist to meet the RPO, not for history: three days is enough. */
export const FREQUENT_BACKUP_TTL = "72h";

/**
 * Velero Schedules covering every namespace of the environment: a daily one
 * kept for the configured TTL, and a frequent one when the RPO is under a day.
 * Events are left out (they are noise and expire within the hour anyway).
 */
export class BackupSchedules extends Construct {
  /** The schedules and the longest time between two of their runs, for the backup alerts. */
  readonly schedules: BackupSchedule[] = [];

  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    const backup = env.backup;
    if (!backup.enabled) return;
    this.add(backup.name ?? `${env.platform}-${env.name}-daily`, backup.schedule, backup.ttl, env);
    const rpo = backup.rpo === undefined ? undefined : durationSeconds(backup.rpo);
    if (rpo !== undefined && rpo < 86400) this.add(`${env.platform}-${env.name}${LONGEST_ENVIRONMENT_SUFFIX}`, cronEvery(rpo)!, FREQUENT_BACKUP_TTL, env);
  }

  private add(name: string, schedule: string, ttl: string, env: ResolvedEnvironment): void {
    const backup = env.backup;
    new ApiObject(this, name, {
      apiVersion: VELERO_API_VERSION,
      kind: "Schedule",
      metadata: { name, namespace: backup.namespace },
      spec: {
        schedule,
        useOwnerReferencesInBackup: false,
        template: {
          includedNamespaces: Object.keys(env.namespaces).sort(),
          excludedResources: ["events", "events.events.k8s.io"],
          storageLocation: backup.storageLocation,
          ttl,
          snapshotVolumes: backup.snapshotVolumes,
          ...(backup.volumeSnapshotLocations ? { volumeSnapshotLocations: backup.volumeSnapshotLocations } : {}),
          defaultVolumesToFsBackup: !backup.snapshotVolumes,
        },
      },
    });
    this.schedules.push({ name, everySeconds: longestIntervalSeconds(schedule) });
  }
}
