import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { prometheusRule, type ObjectMeta, type RuleGroup } from "../monitoring/alert-rules";
import { promtoolFilesFor, promtoolTestsText } from "../monitoring/promtool-tests";

/** The rule file every test file names: its PrometheusRule's groups, extracted when the tests run. */
const RULE_FILE = promtoolFilesFor("prometheusrule.yaml").ruleFile;

/**
 * A PrometheusRule and the promtool unit tests of its alerts. The tests are
 * text, not a Kubernetes object: synth writes them beside the manifests in
 * `generated/alert-tests/<env>/`, outside what Argo CD syncs.
 */
export class AlertRules extends Construct {
  readonly rule: ApiObject;
  private readonly tests: () => string;

  /** `tests` renders the promtool file; by default from `groups`, which must carry their test scenarios. */
  constructor(scope: Construct, id: string, meta: ObjectMeta, groups: RuleGroup[], tests?: (ruleFile: string) => string) {
    super(scope, id);
    this.rule = new ApiObject(this, "rule", prometheusRule(meta, groups) as { apiVersion: string; kind: string });
    this.tests = () => (tests ? tests(RULE_FILE) : promtoolTestsText(groups, RULE_FILE));
  }

  /** The promtool test file, rendered on demand. */
  promtoolTests(): string {
    return this.tests();
  }
}
