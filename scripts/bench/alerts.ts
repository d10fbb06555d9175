/**
 * Cost of alerting for a large platform: building the rule groups, the
 * PrometheusRule, ServiceMonitor and promtool tests of 3000 services and
 * rendering them, against the serving-only synth of the same services.
 * Budget: serving + alerts within 1.5× serving alone.
 */
import { join } from "node:path";
import { environmentRuleGroups, namespaceRuleGroups, prometheusRule, prometheusRuleOf, serviceMonitorOf, type RuleGroup } from "../../charts/monitoring/alert-rules";
import { environmentAlertInput, serviceAlertInput } from "../../charts/monitoring/environment-alerts";
import { promtoolTestsText } from "../../charts/monitoring/promtool-tests";
import { servicePromtoolTests } from "../../charts/monitoring/service-tests";
import { serviceRuleFile } from "../../charts/monitoring/service-rule-file";
import { serviceMonitorSpecOf } from "../../charts/monitoring/service-monitor-spec";
import { indexServices, serviceContext } from "../../charts/serving/context";
import type { ResolvedEnvironment } from "../../environments/schema";
import { loadChartEnvironment } from "../../charts/load-environment";
import { toYaml } from "../lib/output/yaml";
import { renderManifest } from "../lib/output/yaml-by-shape";
import { synthesizeEnvironment } from "../lib/synth/pipeline";

const SERVICES = 3000;
const BUDGET = 1.5;
/** Fastest of this many runs: the machine is shared, and the minimum is the least disturbed figure. */
const ROUNDS = 3;
const ROOT = join(import.meta.dirname, "../..");

/** The production environment with its services repeated (copy `r` named `<name>-<r>`) up to `count`. */
function largeEnvironment(count: number): ResolvedEnvironment {
  const env = loadChartEnvironment(ROOT, "production");
  const n = env.services.length;
  const services = Array.from({ length: count }, (_, i) => {
    const svc = env.services[i % n]!;
    const copy = Math.floor(i / n);
    const dependencies = { ...svc.dependencies, services: svc.dependencies.services.map((dep) => `${dep}-${copy}`) };
    return { ...svc, name: `${svc.name}-${copy}`, dependencies };
  });
  // The sample's patches name its own services, which the copies rename.
  return { ...env, services, patches: [] };
}

interface AlertCost {
  groupsMs: number;
  objectsMs: number;
  testsMs: number;
  bytes: number;
}

/**
 * The three steps of alerting in a synth, timed apart; files are kept like the
 * synth keeps them. `namespaceWide`: workload and GPU alerts as one rule per
 * alert and team of a namespace instead of per service.
 */
function synthAlerts(env: ResolvedEnvironment, namespaceWide: boolean): AlertCost {
  const ruleFile = "prometheusrule.rules.yaml";
  let start = performance.now();
  const inputs = env.services.map((svc) => ({ ...serviceAlertInput(env, svc), sharedWorkloadAlerts: namespaceWide }));
  // As synth builds them: once per shape, filled with each service's names.
  const ruleFiles = inputs.map((input) => serviceRuleFile(input));
  const shared: RuleGroup[][] = [environmentRuleGroups(environmentAlertInput(env, [{ name: "daily", everySeconds: 86400 }, { name: "hourly", everySeconds: 3600 }]))];
  if (namespaceWide) {
    for (const namespace of Object.keys(env.namespaces)) {
      const services = inputs.filter((i) => i.namespace === namespace).map((i) => ({ service: i.service, team: i.team, gpu: i.gpu }));
      shared.push(namespaceRuleGroups({ environment: env.name, namespace, runbookBaseUrl: env.monitoring.runbookBaseUrl, services }));
    }
  }
  const groupsMs = performance.now() - start;

  start = performance.now();
  const files: string[] = [];
  const index = indexServices(env);
  // As synth renders them: the fields filled from a shape, once per shape.
  env.services.forEach((svc, i) => {
    const meta = serviceContext(env, svc, index).meta();
    files.push(renderManifest(prometheusRuleOf(meta, ruleFiles[i]!)), renderManifest(serviceMonitorOf(meta, serviceMonitorSpecOf(env, svc))));
  });
  for (const g of shared) files.push(toYaml(prometheusRule({ name: "shared", namespace: "monitoring", labels: {} }, g)));
  const objectsMs = performance.now() - start;

  start = performance.now();
  for (const input of inputs) files.push(servicePromtoolTests(input, ruleFile));
  for (const g of shared) files.push(promtoolTestsText(g, ruleFile));
  const testsMs = performance.now() - start;
  return { groupsMs, objectsMs, testsMs, bytes: files.reduce((sum, f) => sum + f.length, 0) };
}

function best<T extends object>(work: () => T, ms: (result: T) => number): T {
  let fastest: T | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    // Start each run from a collected heap, so neither side pays for the other's garbage.
    Bun.gc(true);
    const result = work();
    if (!fastest || ms(result) < ms(fastest)) fastest = result;
  }
  return fastest!;
}

export async function run(): Promise<void> {
  const env = largeEnvironment(SERVICES);
  const serving = best(() => {
    const start = performance.now();
    const files = synthesizeEnvironment(env, { operations: false })[0]!.files;
    let bytes = 0;
    for (const text of files.values()) bytes += text.length;
    return { ms: performance.now() - start, files: files.size, bytes };
  }, (r) => r.ms);
  const total = (c: AlertCost) => c.groupsMs + c.objectsMs + c.testsMs;
  const perService = (ms: number) => `${((ms * 1000) / SERVICES).toFixed(0)} µs/service`;
  const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(50)} ${value}\n`);
  process.stdout.write(`alerts: ${SERVICES} services (production environment, services repeated), best of ${ROUNDS}\n`);
  line("serving-only synth (objects + YAML, in memory)", `${serving.ms.toFixed(0)} ms, ${serving.files} files, ${(serving.bytes / 1e6).toFixed(1)} MB`);
  for (const namespaceWide of [false, true]) {
    const cost = best(() => synthAlerts(env, namespaceWide), total);
    const ratio = (serving.ms + total(cost)) / serving.ms;
    process.stdout.write(
      namespaceWide
        ? "workload and GPU alerts per namespace and team (sharedWorkloadAlerts, what synth writes):\n"
        : "all alerts per service (the alternative synth does not use, for comparison):\n",
    );
    line("alerts total", `${total(cost).toFixed(0)} ms (${perService(total(cost))}), ${(cost.bytes / 1e6).toFixed(1)} MB`);
    line("  rule groups (incl. custom PromQL checks)", `${cost.groupsMs.toFixed(0)} ms (${perService(cost.groupsMs)})`);
    line("  PrometheusRule + ServiceMonitor YAML", `${cost.objectsMs.toFixed(0)} ms (${perService(cost.objectsMs)})`);
    line("  promtool test files", `${cost.testsMs.toFixed(0)} ms (${perService(cost.testsMs)})`);
    const verdict = !namespaceWide ? "" : ratio <= BUDGET ? " ok" : " OVER BUDGET";
    line("(serving + alerts) / serving", `${ratio.toFixed(2)}× (budget ${BUDGET}× for all operations)${verdict}`);
    line("  without promtool test files", `${((serving.ms + cost.groupsMs + cost.objectsMs) / serving.ms).toFixed(2)}×`);
  }
}

if (import.meta.main) await run();
