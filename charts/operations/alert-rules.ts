import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { prometheusRule, prometheusRuleOf, type ObjectMeta, type RuleFile, type RuleGroup } from "../monitoring/alert-rules";
import { promtoolFilesFor, promtoolTestsText } from "../monitoring/promtool-tests";

/** An object whose PromQL promtool tests (a PrometheusRule, an AnalysisTemplate), and those tests. */
export interface TestedRules {
  readonly rule: ApiObject;
  /** The promtool test file, rendered on demand. */
  promtoolTests(): string;
}

/** The rule file every test file names: its PrometheusRule's groups, extracted when the tests run. */
const RULE_FILE = promtoolFilesFor("prometheusrule.yaml").ruleFile;

/**
 * A PrometheusRule and the promtool unit tests of its alerts. The tests are
 * text, not a Kubernetes object: synth writes them beside the manifests in
 * `generated/alert-tests/<env>/`, outside what Argo CD syncs.
 */
export class AlertRules extends Construct implements TestedRules {
  readonly rule: ApiObject;
  private readonly tests: () => string;

  /**
   * From rule groups carrying their test scenarios, or from a rule file with
   * `tests` rendering its promtool file.
   */
  constructor(scope: Construct, id: string, meta: ObjectMeta, rules: RuleGroup[] | { file: RuleFile; tests: (ruleFile: string) => string }) {
    super(scope, id);
    const object = Array.isArray(rules) ? prometheusRule(meta, rules) : prometheusRuleOf(meta, rules.file);
    this.rule = new ApiObject(this, "rule", object as { apiVersion: string; kind: string });
    this.tests = () => (Array.isArray(rules) ? promtoolTestsText(rules, RULE_FILE) : rules.tests(RULE_FILE));
  }

  /** The promtool test file, rendered on demand. */
  promtoolTests(): string {
    return this.tests();
  }
}
