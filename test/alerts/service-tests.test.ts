/** Tests built once per service shape are the tests built for each service. */
import { describe, expect, it } from "vitest";
import { ruleFile, serviceRuleGroups, type ServiceAlertInput } from "../../charts/monitoring/alert-rules";
import { serviceRuleFile } from "../../charts/monitoring/service-rule-file";
import { promtoolTestsText } from "../../charts/monitoring/promtool-tests";
import { servicePromtoolTests } from "../../charts/monitoring/service-tests";
import { loadSample } from "./sample-environment";

const direct = (input: ServiceAlertInput) => promtoolTestsText(serviceRuleGroups(input), "prometheusrule.rules.yaml");
const shared = (input: ServiceAlertInput) => servicePromtoolTests(input, "prometheusrule.rules.yaml");

describe("servicePromtoolTests", () => {
  const sample = loadSample();

  it("gives each service of a shape the text built for it alone", () => {
    for (const base of [sample.ranker, sample.llmChat]) {
      for (const [namespace, service] of [[base.namespace, base.service], ["team-a", "ranker-2"], ["ns", "search-api"], ["search", "search"]] as const) {
        const input = { ...base, namespace, service };
        expect(shared(input)).toBe(direct(input));
      }
    }
  });

  it("builds directly when a name also appears in the shape (a custom matcher on the namespace)", () => {
    const alert = { ...sample.ranker.customAlerts![0]!, expr: 'pg_stat_activity_count{namespace!="search"} > 90' };
    const inNamespace = { ...sample.ranker, customAlerts: [alert] };
    expect(shared(inNamespace)).toBe(direct(inNamespace));
    const elsewhere = { ...inNamespace, namespace: "other" };
    expect(shared(elsewhere)).toBe(direct(elsewhere));
  });
});

describe("serviceRuleFile", () => {
  const sample = loadSample();

  it("gives each service of a shape the rule groups built for it alone", () => {
    for (const base of [sample.ranker, sample.llmChat]) {
      for (const [namespace, service] of [[base.namespace, base.service], ["team-a", "ranker-2"], ["search", "search"]] as const) {
        const input = { ...base, namespace, service };
        expect(serviceRuleFile(input)).toEqual(ruleFile(serviceRuleGroups(input)));
      }
    }
  });

  it("reports bad input with the service's own name, not a placeholder", () => {
    const broken = { ...sample.llmChat, service: "chat-7", metrics: { ...sample.llmChat.metrics, requestsTotal: "not a metric" } };
    expect(() => serviceRuleFile(broken)).toThrow(/services\.chat-7\.metrics\.requestsTotal/);
  });
});
