import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { serviceMonitor } from "../monitoring/alert-rules";
import { serviceRuleFile } from "../monitoring/service-rule-file";
import { serviceAlertInput } from "../monitoring/environment-alerts";
import { servicePromtoolTests } from "../monitoring/service-tests";
import type { ServiceContext } from "../serving/context";
import { metricsEndpointsOf } from "../../environments/service-ports";
import { AlertRules } from "./alert-rules";
import { ChaosExperiments, wantsChaos } from "./chaos-experiments";
import { isRollout } from "../serving/rollout";
import { rolloutRelabelings } from "../monitoring/rollout-scrape";

/**
 * What runs beside a service to watch and break-test it: unless monitoring is
 * off, a ServiceMonitor on its metrics endpoints and its SLO and custom alerts
 * (workload and GPU alerts are shared per namespace, see NamespaceAlerts);
 * and its chaos experiments.
 */
export class ServiceOperations extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const { env, svc } = ctx;
    if (env.monitoring.enabled) {
      const meta = { ...ctx.meta(), labels: { ...ctx.labels, ...env.monitoring.ruleLabels } };
      const monitor = serviceMonitor(meta, ctx.selector, metricsEndpointsOf(svc), svc.names?.service === undefined ? undefined : svc.name) as { apiVersion: string; kind: string; spec: { endpoints: object[] } };
      // A Rollout's targets carry the service's own name whichever Service found them, and the version's hash.
      if (isRollout(svc)) monitor.spec.endpoints = monitor.spec.endpoints.map((e) => ({ ...e, relabelings: rolloutRelabelings(svc.name) }));
      new ApiObject(this, "service-monitor", monitor);
      const input = { ...serviceAlertInput(env, svc), sharedWorkloadAlerts: true };
      new AlertRules(this, "alerts", meta, { file: serviceRuleFile(input), tests: (ruleFile) => servicePromtoolTests(input, ruleFile) });
    }
    if (wantsChaos(env, svc.chaos)) new ChaosExperiments(this, "chaos", ctx);
  }
}
