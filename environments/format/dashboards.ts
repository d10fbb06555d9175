/**
 * Grafana dashboards as ConfigMaps for the Grafana sidecar of
 * kube-prometheus-stack: one per service and an overview per environment,
 * switched on per environment; a service may add panels of its own PromQL.
 */
import { Type } from "@sinclair/typebox";

const Strict = <T extends Parameters<typeof Type.Object>[0]>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });

/** Joins `monitoring`. */
export const DASHBOARD_FIELDS = {
  dashboards: Strict(
    {
      enabled: Type.Boolean({ default: false, description: "a dashboard ConfigMap per service and an overview of the environment" }),
      folder: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Grafana folder (default: the environment's name)" })),
    },
    { default: {} },
  ),
};

const Panel = Strict({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  expr: Type.String({ minLength: 1, description: "PromQL giving an instant vector or scalar" }),
  unit: Type.String({ pattern: "^[a-zA-Z0-9_:./%-]+$", default: "short", description: "Grafana unit, e.g. reqps, s, percentunit, bytes" }),
});

/** Joins a service. */
export const SERVICE_DASHBOARD_FIELDS = {
  dashboard: Strict({ panels: Type.Array(Panel, { default: [], description: "panels added to the service's dashboard" }) }, { default: {} }),
};
