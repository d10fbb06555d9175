import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { serviceMonitorOf } from "../monitoring/alert-rules";
import { serviceMonitorSpecOf } from "../monitoring/service-monitor-spec";
import { serviceRuleFile } from "../monitoring/service-rule-file";
import { serviceAlertInput } from "../monitoring/environment-alerts";
import { servicePromtoolTests } from "../monitoring/service-tests";
import type { ServiceContext } from "../serving/context";
import { AlertRules } from "./alert-rules";
import { ChaosExperiments, wantsChaos } from "./chaos-experiments";

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
      new ApiObject(this, "service-monitor", serviceMonitorOf(meta, serviceMonitorSpecOf(env, svc)) as { apiVersion: string; kind: string });
      const input = { ...serviceAlertInput(env, svc), sharedWorkloadAlerts: true };
      new AlertRules(this, "alerts", meta, { file: serviceRuleFile(input), tests: (ruleFile) => servicePromtoolTests(input, ruleFile) });
    }
    if (wantsChaos(env, svc.chaos)) new ChaosExperiments(this, "chaos", ctx);
  }
}
