/**
 * Where a team's alerts go: receivers that name Secrets (Slack webhook URL,
 * PagerDuty routing key, SMTP password; never the secrets themselves), routed
 * by severity, in one AlertmanagerConfig per team and environment; and how
 * often Prometheus evaluates the rule groups. These fields join `monitoring`.
 */
import { Type } from "@sinclair/typebox";

const Strict = <T extends Parameters<typeof Type.Object>[0]>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });
const ReceiverName = Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63, description: "a receiver of this team" });

/** A key of a Secret in the monitoring namespace (where the AlertmanagerConfig lives). */
export const SecretKeyRef = Strict(
  {
    name: Type.String({ pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", maxLength: 253, description: "Secret in the monitoring namespace" }),
    key: Type.String({ pattern: "^[-._a-zA-Z0-9]+$", description: "key inside the Secret" }),
  },
  { description: "a Secret reference {name, key}: the secret itself never enters the configuration" },
);

const Receiver = Strict(
  {
    slack: Type.Optional(Strict({ apiURL: SecretKeyRef, channel: Type.Optional(Type.String({ minLength: 1 })) })),
    pagerduty: Type.Optional(Strict({ routingKey: SecretKeyRef })),
    email: Type.Optional(
      Strict({
        to: Type.String({ minLength: 3, description: "recipient address" }),
        from: Type.Optional(Type.String({ minLength: 3 })),
        smarthost: Type.Optional(Type.String({ pattern: "^[^:\\s]+:[0-9]+$", description: "SMTP host:port" })),
        authUsername: Type.Optional(Type.String({ minLength: 1 })),
        authPassword: SecretKeyRef,
      }),
    ),
  },
  { minProperties: 1, description: "Slack, PagerDuty and/or e-mail, each by Secret reference" },
);

const TeamRouting = Strict({
  receivers: Type.Record(Type.String(), Receiver, { propertyNames: { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 }, minProperties: 1 }),
  critical: ReceiverName,
  warning: ReceiverName,
  info: Type.Optional(ReceiverName),
  repeatInterval: Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", default: "4h", description: "how often a firing alert is sent again" }),
});

export const ALERTING_FIELDS = {
  ruleInterval: Type.Optional(Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", description: "how often Prometheus evaluates the generated rule groups (default: its evaluation_interval)" })),
  routing: Type.Record(Type.String({ minLength: 1 }), TeamRouting, {
    default: {},
    description: "per team: receivers and which one gets critical, warning and info alerts (an AlertmanagerConfig each)",
  }),
};
