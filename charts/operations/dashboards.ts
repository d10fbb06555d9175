import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { ResolvedEnvironment, ResolvedService } from "../../environments/schema";
import { UserError, checkEach, type SourceLocation } from "../../environments/source/errors";
import { dashboardJson, invalidQuery } from "../monitoring/grafana-dashboard";
import { dashboardUid, environmentOverview, serviceDashboard, type ServiceDashboardInput } from "../monitoring/service-dashboards";
import { JsonShapes } from "../json-shape";
import { NAMESPACE_PLACEHOLDER as NAMESPACE, SERVICE_PLACEHOLDER as SERVICE } from "../placeholder-text";
import { isRollout } from "../serving/rollout";

/** The label and annotation the Grafana sidecar of kube-prometheus-stack reads. */
export const DASHBOARD_LABEL = "grafana_dashboard";
export const FOLDER_ANNOTATION = "grafana_folder";

function dashboardInput(env: ResolvedEnvironment, svc: ResolvedService): ServiceDashboardInput {
  return {
    environment: env.name,
    namespace: svc.namespace,
    service: svc.name,
    metrics: svc.metrics,
    slo: svc.slo,
    gpu: svc.gpu !== undefined,
    ...(svc.stateful ? { stateful: true } : {}),
    ...(isRollout(svc) ? { rollout: true } : {}),
    replicas: svc.autoscaling ? { min: svc.autoscaling.minReplicas, max: svc.autoscaling.maxReplicas } : { fixed: svc.replicas },
    panels: svc.dashboard.panels,
  };
}

/** Checks a service's own panels, each broken query reported at its line before anything is built. */
export function checkDashboardPanels(svc: ResolvedService, locate: (path: Array<string | number>) => SourceLocation): void {
  checkEach(svc.dashboard.panels.entries(), ([i, panel]) => {
    const invalid = invalidQuery([{ title: panel.title, unit: panel.unit, queries: [{ expr: panel.expr, legend: panel.title }] }]);
    if (!invalid) return;
    const path = ["services", svc.name, "dashboard", "panels", i, "expr"];
    throw new UserError(`panel "${panel.title}": invalid PromQL: ${invalid.message} in ${JSON.stringify(panel.expr)}`, { ...locate(path), path: path.join(".") });
  });
}

/** The ConfigMap of an environment's overview (no service) or of a service's dashboard. */
export function dashboardName(environment: string, service?: string): string {
  return service === undefined ? `dashboard-${environment}` : `dashboard-${environment}-${service}`;
}

/** A dashboard ConfigMap's data: the dashboard as `<name>.json`. */
function dashboardData(name: string, json: string): Record<string, string> {
  return { [`${name}.json`]: json };
}

const shapes = new JsonShapes([NAMESPACE, SERVICE]);

/**
 * A service's dashboard ConfigMap data. Services of one shape (same metrics,
 * SLOs, replicas, panels) differ only in their names, so the JSON is built
 * and its queries are checked once per shape, then filled with each
 * service's names (and, being filled from a shape, rendered once per shape).
 */
export function serviceDashboardData(input: ServiceDashboardInput): Record<string, string> {
  const { environment, namespace, service, ...rest } = input;
  const uid = dashboardUid(environment, service);
  const key = JSON.stringify({ environment, ...rest });
  // A uid that is a digest of the names cannot be filled in.
  if (uid !== `${environment}_${service}` || key.includes(NAMESPACE) || key.includes(SERVICE) || key.includes(namespace) || key.includes(service)) {
    return dashboardData(dashboardName(environment, service), dashboardJson(serviceDashboard(input, uid)));
  }
  return shapes.fill(key, [namespace, service], ([ns, svc]) =>
    dashboardData(dashboardName(environment, svc), dashboardJson(serviceDashboard({ ...input, namespace: ns!, service: svc! }, `${environment}_${svc}`))),
  ) as Record<string, string>;
}

/** A dashboard's ConfigMap: labelled for the Grafana sidecar, annotated with its folder. */
export function dashboardConfigMap(name: string, namespace: string, folder: string, data: Record<string, string>) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace, labels: { [DASHBOARD_LABEL]: "1" }, annotations: { [FOLDER_ANNOTATION]: folder } },
    data,
  };
}

/**
 * Grafana dashboards as ConfigMaps in the monitoring namespace, labelled for
 * the Grafana sidecar and annotated with the environment's folder: one per
 * service and an overview of the environment.
 */
export class Dashboards extends Construct {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    const folder = env.monitoring.dashboards.folder ?? env.name;
    const configMap = (name: string, data: Record<string, string>) => new ApiObject(this, name, dashboardConfigMap(name, env.monitoring.namespace, folder, data));
    const overview = environmentOverview(
      {
        environment: env.name,
        namespaces: Object.keys(env.namespaces).sort(),
        services: env.services.map((s) => ({ metrics: s.metrics, gpu: s.gpu !== undefined, burnRate: s.slo.requests !== undefined })),
      },
      dashboardUid(env.name),
    );
    const overviewName = dashboardName(env.name);
    configMap(overviewName, dashboardData(overviewName, dashboardJson(overview)));
    for (const svc of env.services) configMap(dashboardName(env.name, svc.name), serviceDashboardData(dashboardInput(env, svc)));
  }
}
