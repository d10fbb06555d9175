/** Where a team's alerts go: one AlertmanagerConfig per team and environment, receivers by Secret reference. */
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { alertmanagerConfig, type AlertRoutingInput } from "../../charts/monitoring/alertmanager-config";
import { environmentRuleGroups, serviceRuleGroups } from "../../charts/monitoring/alert-rules";
import { UserError } from "../../environments/source/errors";
import { AlertmanagerConfigSchema } from "../../policies/engine/custom-resource-schemas";
import { crdErrors } from "../helpers/crds";
import { describeConformance } from "../helpers/upstream-crds";
import { loadSample } from "./sample-environment";

const at = (path: Array<string | number>) => ({ file: "environments/production.yaml", line: 7, column: 3, path: ["monitoring", "routing", "ML Platform", ...path].join(".") });

const input: AlertRoutingInput = {
  environment: "production",
  namespace: "monitoring",
  team: "ML Platform",
  labels: { release: "kube-prometheus-stack" },
  routing: {
    receivers: {
      oncall: { pagerduty: { routingKey: { name: "pagerduty-ml", key: "routing-key" } }, slack: { apiURL: { name: "slack-ml", key: "webhook-url" }, channel: "#ml-oncall" } },
      chat: { slack: { apiURL: { name: "slack-ml", key: "webhook-url" }, channel: "#ml-alerts" } },
      mail: { email: { to: "ml-platform@acme.example", smarthost: "smtp.acme.example:587", authUsername: "alerts", authPassword: { name: "smtp", key: "password" } } },
    },
    critical: "oncall",
    warning: "chat",
    info: "mail",
  },
  at,
};

type Config = {
  metadata: { name: string };
  spec: {
    route: { receiver: string; matchers: object[]; routes: Array<{ receiver: string; matchers: object[] }> };
    receivers: Array<Record<string, unknown>>;
    inhibitRules: Array<{ sourceMatch: object[]; targetMatch: object[]; equal: string[] }>;
  };
};

describe("alert routing", () => {
  const config = alertmanagerConfig(input) as Config;

  it("routes the team's alerts of the environment by severity", () => {
    expect(config.metadata.name).toBe("ml-platform-production");
    expect(config.spec.route.matchers).toEqual([
      { name: "team", value: "ML Platform", matchType: "=" },
      { name: "environment", value: "production", matchType: "=" },
    ]);
    expect(config.spec.route.routes.map((r) => [r.receiver, r.matchers])).toEqual([
      ["oncall", [{ name: "severity", value: "critical", matchType: "=" }]],
      ["chat", [{ name: "severity", value: "warning", matchType: "=" }]],
      ["mail", [{ name: "severity", value: "info", matchType: "=" }]],
    ]);
  });

  it("names Secrets for every receiver, never their values", () => {
    const byName = Object.fromEntries(config.spec.receivers.map((r) => [r.name, r]));
    expect(byName.oncall).toMatchObject({ pagerdutyConfigs: [{ routingKey: { name: "pagerduty-ml", key: "routing-key" } }], slackConfigs: [{ apiURL: { name: "slack-ml", key: "webhook-url" } }] });
    expect(byName.mail).toMatchObject({ emailConfigs: [{ to: "ml-platform@acme.example", authPassword: { name: "smtp", key: "password" } }] });
  });

  it("holds a warning back while the critical alert of the same objective fires, and the rules carry that objective", () => {
    const [rule] = config.spec.inhibitRules;
    expect(rule!.sourceMatch).toContainEqual({ name: "severity", value: "critical", matchType: "=" });
    expect(rule!.targetMatch).toContainEqual({ name: "severity", value: "warning", matchType: "=" });
    expect(rule!.equal).toEqual(["namespace", "service", "slo"]);
    // Each warning SLO alert has a critical partner with the same slo label.
    const rules = serviceRuleGroups(loadSample().llmChat).flatMap((g) => g.rules).filter((r) => r.labels.slo);
    for (const warning of rules.filter((r) => r.labels.severity === "warning")) {
      expect(rules.some((r) => r.labels.severity === "critical" && r.labels.slo === warning.labels.slo), warning.alert).toBe(true);
    }
  });

  it("validates offline against the closed schema gitops-forge ships, which rejects a misspelt field", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(JSON.stringify(AlertmanagerConfigSchema)));
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(config);
    broken.spec.receivers[0]!.slackConfig = [{}];
    expect(validate(broken)).toBe(false);
  });

  it.each([
    ["a severity routed to a receiver that does not exist", { ...input.routing, critical: "pager" }, "monitoring.routing.ML Platform.critical", /receiver "pager" is not one of the team's receivers/],
    ["a receiver without a Secret reference", { ...input.routing, receivers: { ...input.routing.receivers, chat: { slack: { apiURL: "https://hooks.slack.com/x" } } } }, "monitoring.routing.ML Platform.receivers.chat.slack.apiURL", /must be a Secret reference/],
    ["a receiver with no notifier", { ...input.routing, receivers: { ...input.routing.receivers, chat: {} } }, "monitoring.routing.ML Platform.receivers.chat", /needs slack, pagerduty or email/],
  ])("refuses %s at its field", (_name, routing, path, message) => {
    let error: unknown;
    try {
      alertmanagerConfig({ ...input, routing: routing as AlertRoutingInput["routing"] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`environments/production.yaml:7:3 ${path}: `);
    expect((error as UserError).message).toMatch(message);
  });

  it("puts the configured evaluation interval on every rule group", () => {
    const sample = loadSample();
    const groups = [...serviceRuleGroups({ ...sample.llmChat, ruleInterval: "30s" }), ...environmentRuleGroups({ ...sample.environment, ruleInterval: "30s" })];
    expect(groups.map((g) => g.interval)).toEqual(groups.map(() => "30s"));
    expect(serviceRuleGroups(sample.llmChat).every((g) => g.interval === undefined)).toBe(true);
  });
});

describeConformance("AlertmanagerConfig", () => {
  it("validates against the upstream prometheus-operator CRD", () => {
    expect(crdErrors(alertmanagerConfig(input) as { apiVersion: string; kind: string })).toEqual([]);
  });

  it("the upstream CRD rejects what the shipped schema rejects (a receiver without its name, a bad match type)", () => {
    const broken = structuredClone(alertmanagerConfig(input)) as Config;
    delete broken.spec.receivers[0]!.name;
    (broken.spec.route.matchers[0] as { matchType: string }).matchType = "==";
    const errors = crdErrors(broken as unknown as { apiVersion: string; kind: string }).join("\n");
    expect(errors).toContain("/spec/receivers/0");
    expect(errors).toContain("/spec/route/matchers/0/matchType");
    const validate = new Ajv({ strict: false }).compile(JSON.parse(JSON.stringify(AlertmanagerConfigSchema)));
    expect(validate(broken)).toBe(false);
  });
});
