/**
 * How a service's pods are replaced and where they read facts about
 * themselves: the rolling-update shape Kubernetes has, and downward-API
 * environment variables.
 */
import { Type } from "@sinclair/typebox";

export const IntOrPercent = (description: string) =>
  Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.String({ pattern: "^[0-9]{1,3}%$" })], { description });

export const RollingUpdate = Type.Object(
  {
    maxSurge: Type.Optional(IntOrPercent("pods above the desired count during a rollout (GPU default 0: a surge pod needs a spare GPU)")),
    maxUnavailable: Type.Optional(IntOrPercent("pods below the desired count during a rollout (GPU default 1)")),
  },
  { additionalProperties: false, description: "rolling update bounds, overriding the defaults (GPU: one pod at a time; CPU: 25% surge)" },
);

/** Pod fields the downward API serves as environment variables. */
const FIELD_PATHS = [
  "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
  "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
] as const;
const RESOURCE_FIELDS = ["requests.cpu", "limits.cpu", "requests.memory", "limits.memory", "requests.ephemeral-storage", "limits.ephemeral-storage"] as const;

export const DownwardEnv = Type.Record(
  Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }),
  Type.Unsafe<string>({ type: "string", enum: [...FIELD_PATHS, ...RESOURCE_FIELDS] }),
  { default: {}, description: "environment variables from the downward API: a pod field (status.podIP, metadata.name, ...) or a resource of the container (limits.memory, ...)" },
);

export const isResourceField = (field: string) => (RESOURCE_FIELDS as readonly string[]).includes(field);

export const RolloutFields = {
  rollingUpdate: Type.Optional(RollingUpdate),
  minReadySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600, description: "seconds a new pod must be ready before it counts as available" })),
  progressDeadlineSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400, description: "seconds before a stalled rollout is reported failed (default 600)" })),
  downwardEnv: DownwardEnv,
};
