import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { analysisSettings, conditions } from "../monitoring/analysis-checks";
import type { ServiceContext } from "./context";
import { ANALYSIS_TEMPLATE_TYPE, POD_TEMPLATE_HASH_ARG } from "./rollout";

/**
 * The AnalysisTemplate a service's Rollout runs: each check queries Prometheus
 * for the new version's pods every interval; a failed measurement beyond the
 * failure limit aborts the rollout and sends the traffic back.
 */
export class ServingAnalysisTemplate extends Construct {
  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    const settings = analysisSettings(ctx.env, ctx.svc);
    new ApiObject(this, "analysis-template", {
      ...ANALYSIS_TEMPLATE_TYPE,
      metadata: ctx.meta(),
      spec: {
        args: [{ name: POD_TEMPLATE_HASH_ARG }],
        metrics: settings.checks.map((check) => ({
          name: check.name,
          interval: settings.interval,
          ...(settings.count !== undefined ? { count: settings.count } : {}),
          failureLimit: settings.failureLimit,
          ...conditions(check),
          provider: { prometheus: { address: settings.prometheusAddress, query: check.query } },
        })),
      },
    });
  }
}
