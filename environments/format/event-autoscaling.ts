/**
 * Event-driven autoscaling with KEDA: a ScaledObject (keda.sh/v1alpha1) with
 * Prometheus triggers, which may scale a service to zero outside production.
 */
import { Type } from "@sinclair/typebox";

const PrometheusTrigger = Type.Object(
  {
    serverAddress: Type.String({ pattern: "^https?://", description: "Prometheus URL KEDA queries" }),
    query: Type.String({ minLength: 1, description: "PromQL returning one number" }),
    threshold: Type.String({ pattern: "^[0-9]+(\\.[0-9]+)?$", description: "target value per replica" }),
    activationThreshold: Type.Optional(Type.String({ pattern: "^[0-9]+(\\.[0-9]+)?$", description: "above this the service scales from zero" })),
  },
  { additionalProperties: false },
);

export const EventAutoscaling = Type.Object(
  {
    minReplicaCount: Type.Integer({ minimum: 0, maximum: 1000, default: 1, description: "0 scales to zero when idle (not in production)" }),
    maxReplicaCount: Type.Integer({ minimum: 1, maximum: 1000 }),
    pollingInterval: Type.Integer({ minimum: 1, maximum: 3600, default: 30, description: "seconds between trigger checks" }),
    cooldownPeriod: Type.Integer({ minimum: 0, maximum: 86400, default: 300, description: "seconds after the last active trigger before scaling to zero" }),
    triggers: Type.Array(Type.Object({ prometheus: PrometheusTrigger }, { additionalProperties: false }), { minItems: 1 }),
  },
  { additionalProperties: false, description: "KEDA ScaledObject instead of an HPA (never both)" },
);
