import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedEnvironment } from "../../environments/schema";
import type { SourceLocation } from "../../environments/source/errors";
import { UserError, checkEach } from "../../environments/source/errors";
import { alertmanagerConfig } from "../monitoring/alertmanager-config";
import { durationSeconds } from "../monitoring/promql-text";

type Locate = (path: Array<string | number>) => SourceLocation;

/**
 * The AlertmanagerConfig of each team with routing configured, in the
 * monitoring namespace (beside the Secrets its receivers name). `locate`
 * points errors at their line (the loader's check passes it).
 */
export function alertRoutingObjects(env: ResolvedEnvironment, locate?: Locate): object[] {
  const at = (path: Array<string | number>): SourceLocation => {
    const full = ["monitoring", ...path];
    return { file: env.sources[0] ?? `environments/${env.name}.yaml`, ...locate?.(full), path: full.join(".") };
  };
  const interval = env.monitoring.ruleInterval;
  if (interval !== undefined && !durationSeconds(interval)) throw new UserError(`"${interval}" is not a duration Prometheus reads, e.g. 30s or 1m`, at(["ruleInterval"]));
  const teams = new Set([env.team, ...env.services.map((s) => s.team)]);
  const objects: object[] = [];
  // Each team's routing is checked even after another's failed.
  checkEach(Object.keys(env.monitoring.routing).sort(), (team) => {
    if (!teams.has(team)) {
      throw new UserError(`team "${team}" owns no service of this environment (teams: ${[...teams].sort().join(", ")})`, at(["routing", team]));
    }
    objects.push(
      alertmanagerConfig({
        environment: env.name,
        namespace: env.monitoring.namespace,
        team,
        labels: env.monitoring.ruleLabels,
        routing: env.monitoring.routing[team]!,
        at: (path) => at(["routing", team, ...path]),
      }),
    );
  });
  return objects;
}

/** Where each team's alerts of the environment go (see alertmanager-config.ts). */
export class AlertRouting extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    for (const object of alertRoutingObjects(env)) {
      const { metadata } = object as { metadata: { name: string } };
      new ApiObject(this, metadata.name, object as { apiVersion: string; kind: string });
    }
  }
}
