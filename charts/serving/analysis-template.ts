import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { analysisRuleGroup, analysisSettings, conditions } from "../monitoring/analysis-checks";
import { promtoolFilesFor, promtoolTestsText } from "../monitoring/promtool-tests";
import type { TestedRules } from "../operations/alert-rules";
import type { ServiceContext } from "./context";
import { ANALYSIS_TEMPLATE_TYPE, POD_TEMPLATE_HASH_ARG } from "./rollout";

/**
 * The AnalysisTemplate a service's Rollout runs: each check queries Prometheus
 * for the new version's pods every interval; a failed measurement beyond the
 * failure limit aborts the rollout and sends the traffic back. Its promtool
 * tests go beside the alert tests.
 */
export class ServingAnalysisTemplate extends Construct implements TestedRules {
  readonly rule: ApiObject;
  private readonly ctx: ServiceContext;

  constructor(scope: Construct, id: string, ctx: ServiceContext) {
    super(scope, id);
    this.ctx = ctx;
    const settings = analysisSettings(ctx.env, ctx.svc);
    this.rule = new ApiObject(this, "analysis-template", {
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

  /** Its queries' promtool tests: each fails on its failing series and passes on its healthy ones. */
  promtoolTests(): string {
    return promtoolTestsText([analysisRuleGroup(this.ctx.svc)], ANALYSIS_RULE_FILE);
  }
}

/** The rule file the tests name: the template's metrics as rules, made when the tests run. */
const ANALYSIS_RULE_FILE = promtoolFilesFor("analysistemplate.yaml").ruleFile;
