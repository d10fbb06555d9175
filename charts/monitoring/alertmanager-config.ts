/**
 * One monitoring.coreos.com/v1alpha1 AlertmanagerConfig per team and
 * environment: the team's alerts of this environment (matched on the `team`
 * and `environment` labels every generated rule carries) go to a receiver by
 * severity, and a warning is held back while the critical alert of the same
 * objective fires (same namespace, service and `slo` label). Receivers name
 * Secrets in the AlertmanagerConfig's namespace, never their values.
 */
import { UserError, type SourceLocation } from "../../environments/source/errors";
import type { Severity } from "./rule-types";

export interface SecretKeyRef {
  name: string;
  key: string;
}

export interface ReceiverConfig {
  slack?: { apiURL: SecretKeyRef; channel?: string };
  pagerduty?: { routingKey: SecretKeyRef };
  email?: { to: string; from?: string; smarthost?: string; authUsername?: string; authPassword: SecretKeyRef };
}

export interface TeamRoutingConfig {
  receivers: Record<string, ReceiverConfig>;
  critical: string;
  warning: string;
  info?: string;
  repeatInterval?: string;
}

export interface AlertRoutingInput {
  environment: string;
  namespace: string;
  team: string;
  labels: Record<string, string>;
  routing: TeamRoutingConfig;
  /** Where the team's routing is configured, for errors. */
  at: (path: Array<string | number>) => SourceLocation;
}

const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];
const eq = (name: string, value: string) => ({ name, value, matchType: "=" });

/** `ML Platform` -> `ml-platform`: team names become object names. */
export function teamSlug(team: string): string {
  return team.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "team";
}

export function alertmanagerConfig(input: AlertRoutingInput): object {
  const { routing, at } = input;
  const names = Object.keys(routing.receivers).sort();
  for (const name of names) checkSecrets(routing.receivers[name]!, (path) => at(["receivers", name, ...path]));
  for (const severity of SEVERITIES) {
    const receiver = routing[severity];
    if (receiver !== undefined && !names.includes(receiver)) {
      throw new UserError(`receiver "${receiver}" is not one of the team's receivers (${names.join(", ")})`, at([severity]));
    }
  }
  const scope = [eq("team", input.team), eq("environment", input.environment)];
  const bySeverity = SEVERITIES.filter((s) => routing[s] !== undefined).map((severity) => ({ receiver: routing[severity]!, matchers: [eq("severity", severity)] }));
  return {
    apiVersion: "monitoring.coreos.com/v1alpha1",
    kind: "AlertmanagerConfig",
    metadata: { name: `${teamSlug(input.team)}-${input.environment}`, namespace: input.namespace, labels: { ...input.labels } },
    spec: {
      route: {
        receiver: routing.warning,
        matchers: scope,
        groupBy: ["alertname", "namespace", "service"],
        groupWait: "30s",
        groupInterval: "5m",
        repeatInterval: routing.repeatInterval ?? "4h",
        routes: bySeverity,
      },
      receivers: names.map((name) => receiver(name, routing.receivers[name]!)),
      inhibitRules: [
        {
          sourceMatch: [...scope, eq("severity", "critical"), { name: "slo", value: ".+", matchType: "=~" }],
          targetMatch: [...scope, eq("severity", "warning"), { name: "slo", value: ".+", matchType: "=~" }],
          equal: ["namespace", "service", "slo"],
        },
      ],
    },
  };
}

/** Every notifier of a receiver names a Secret (the schema requires it; a caller passing plain objects is checked too). */
function checkSecrets(config: ReceiverConfig, at: (path: string[]) => SourceLocation): void {
  const refs: Array<[string[], SecretKeyRef | undefined]> = [
    ...(config.slack ? [[["slack", "apiURL"], config.slack.apiURL] as [string[], SecretKeyRef | undefined]] : []),
    ...(config.pagerduty ? [[["pagerduty", "routingKey"], config.pagerduty.routingKey] as [string[], SecretKeyRef | undefined]] : []),
    ...(config.email ? [[["email", "authPassword"], config.email.authPassword] as [string[], SecretKeyRef | undefined]] : []),
  ];
  if (refs.length === 0) throw new UserError("a receiver needs slack, pagerduty or email, each with a Secret reference", at([]));
  for (const [path, ref] of refs) {
    if (typeof ref !== "object" || ref === null || typeof ref.name !== "string" || typeof ref.key !== "string") {
      throw new UserError("must be a Secret reference { name, key }: secrets never enter generated/", at(path));
    }
  }
}

function receiver(name: string, config: ReceiverConfig): object {
  return {
    name,
    ...(config.slack
      ? { slackConfigs: [{ apiURL: { ...config.slack.apiURL }, ...(config.slack.channel ? { channel: config.slack.channel } : {}), sendResolved: true }] }
      : {}),
    ...(config.pagerduty ? { pagerdutyConfigs: [{ routingKey: { ...config.pagerduty.routingKey }, sendResolved: true }] } : {}),
    ...(config.email
      ? {
          emailConfigs: [{
            to: config.email.to,
            ...(config.email.from ? { from: config.email.from } : {}),
            ...(config.email.smarthost ? { smarthost: config.email.smarthost } : {}),
            ...(config.email.authUsername ? { authUsername: config.email.authUsername } : {}),
            authPassword: { ...config.email.authPassword },
            sendResolved: true,
          }],
        }
      : {}),
  };
}
