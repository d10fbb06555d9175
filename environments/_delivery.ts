/**
 * Canary and blue-green deliveries that Argo Rollouts can carry out: a ramp
 * whose weights grow, pauses Argo CD does not wait on forever, a preview
 * Service, traffic through the ingress the service has, analysis thresholds
 * within the SLO.
 */
import { UserError, UserErrors, collectUserError } from "./source/errors";
import type { EnvironmentConfig, ServiceConfig } from "./schema";
import type { SourceChain } from "./load-environment";
import { UNTIL_PROMOTED } from "./format/delivery";

export function checkDeliveries(config: EnvironmentConfig, chain: SourceChain): void {
  const errors: UserError[] = [];
  // Each service's first mistake is reported, every service's.
  for (const [name, svc] of Object.entries(config.services)) collectUserError(errors, () => checkDelivery(config, chain, name, svc));
  UserErrors.throwIfAny(errors);
}

function checkDelivery(config: EnvironmentConfig, chain: SourceChain, name: string, svc: ServiceConfig): void {
  const fail = (path: Array<string | number>, message: string): never => {
    const full = ["services", name, ...path];
    throw new UserError(message, { ...chain.locate(full), path: full.join(".") });
  };
  const delivery = svc.delivery ?? "rollingUpdate";
  for (const block of ["canary", "blueGreen"] as const) {
    if (svc[block] !== undefined && delivery !== block) fail([block], `${block} is set but delivery is ${delivery}: set delivery: ${block}, or remove ${block}`);
  }
  if (svc.analysis !== undefined && delivery === "rollingUpdate") fail(["analysis"], "an analysis gates an Argo Rollout: set delivery: canary or blueGreen, or remove analysis");
  if (svc.rollingUpdate !== undefined && delivery !== "rollingUpdate") {
    fail(["rollingUpdate"], `rollingUpdate shapes a Deployment's rolling update, and this service is delivered by ${delivery}: ${delivery === "canary" ? "set canary.maxSurge and canary.maxUnavailable" : "a blue-green runs the new version beside the old"} instead`);
  }
  if (delivery === "canary") checkCanary(config, svc, fail);
  if (delivery === "blueGreen") checkBlueGreen(config, name, svc, fail);
  if (svc.analysis) checkAnalysisThresholds(svc, fail);
  if (svc.analysis && svc.analysis.enabled !== false && !config.monitoring.enabled) {
    fail(["analysis"], "the analysis queries what the service's ServiceMonitor scrapes, and monitoring is off: set monitoring.enabled, or analysis.enabled: false");
  }
}

type Fail = (path: Array<string | number>, message: string) => never;

function checkCanary(config: EnvironmentConfig, svc: ServiceConfig, fail: Fail): void {
  const canary = svc.canary;
  if (!canary) return fail(["delivery"], "a canary needs its steps: set canary.steps (e.g. setWeight: 10, pause: 5m, setWeight: 50, pause: 10m)");
  let weight = 0;
  canary.steps.forEach((step, i) => {
    const set = [step.setWeight, step.pause].filter((v) => v !== undefined).length;
    if (set !== 1) fail(["canary", "steps", i], "a step is either setWeight or pause, one per step");
    if (step.setWeight !== undefined) {
      if (step.setWeight <= weight) fail(["canary", "steps", i, "setWeight"], `weight ${step.setWeight} does not increase on the previous step's ${weight}: a canary's weights grow step by step`);
      weight = step.setWeight;
    }
    if (step.pause === UNTIL_PROMOTED && config.argocd.autoSync) {
      fail(
        ["canary", "steps", i, "pause"],
        `an indefinite pause waits for someone to promote the Rollout by hand, but Argo CD syncs this environment automatically, with nobody at the controls: give the pause a duration (e.g. 30m), or set argocd.autoSync: false`,
      );
    }
  });
  const zero = (v: number | string | undefined) => v === 0 || v === "0%";
  if (zero(canary.maxSurge) && zero(canary.maxUnavailable)) fail(["canary"], "maxSurge and maxUnavailable are both 0: the canary could never replace a pod (Argo Rollouts refuses it)");
  const ingressClass = svc.ingress?.ingressClassName ?? config.ingress.className;
  if (canary.ingressClass !== undefined) {
    if (!svc.ingress) fail(["canary", "ingressClass"], "the service has no ingress: its canary is split by replica count; remove ingressClass or give the service an ingress");
    if (canary.ingressClass !== ingressClass) {
      fail(["canary", "ingressClass"], `ingress class "${canary.ingressClass}" is not the one the service's ingress uses ("${ingressClass}"): Argo Rollouts' canary Ingress copies the service's Ingress and its class`);
    }
  }
  if (!canary.steps.some((s) => s.setWeight !== undefined)) fail(["canary", "steps"], "no step sets a weight: the canary would take no traffic until it is promoted whole");
}

function checkBlueGreen(config: EnvironmentConfig, name: string, svc: ServiceConfig, fail: Fail): void {
  const preview = svc.blueGreen?.previewService;
  if (preview === undefined) {
    return fail(
      [svc.blueGreen ? "blueGreen" : "delivery"],
      "blue-green without a preview Service: the new version would take the traffic before anyone (or its analysis) has reached it; set blueGreen.previewService (e.g. " + `${name}-green)`,
    );
  }
  if (preview === name || preview in config.services) fail(["blueGreen", "previewService"], `"${preview}" names a service of this environment: the preview Service needs a name of its own`);
  const replicas = svc.autoscaling?.maxReplicas ?? svc.replicas;
  const count = svc.blueGreen?.previewReplicaCount;
  if (count !== undefined && count > replicas) fail(["blueGreen", "previewReplicaCount"], `${count} preview replicas are more than the service runs (${replicas})`);
}

/** An analysis may be stricter than the SLO, never looser: the SLO is what users were promised. */
function checkAnalysisThresholds(svc: ServiceConfig, fail: Fail): void {
  const analysis = svc.analysis!;
  const bounds = [
    ["errorRatio", analysis.errorRatio, svc.slo.errorRatio, ""],
    ["latencyP95Seconds", analysis.latencyP95Seconds, svc.slo.latencyP95Seconds, "s"],
  ] as const;
  for (const [field, value, slo, unit] of bounds) {
    if (value === undefined) continue;
    if (slo === undefined) fail(["analysis", field], `the service declares no slo.${field}: set it, and the analysis threshold may tighten it`);
    if (value > slo!) fail(["analysis", field], `${value}${unit} is outside the SLO's range: the analysis may be stricter than slo.${field} (${slo}${unit}), never looser`);
  }
  analysis.metrics.forEach((metric, i) => {
    if ((metric.failAbove === undefined) === (metric.failBelow === undefined)) fail(["analysis", "metrics", i], "set failAbove or failBelow (one of them): when the new version fails on this metric");
    if (analysis.metrics.findIndex((m) => m.name === metric.name) !== i || ["error-ratio", "latency-p95"].includes(metric.name)) {
      fail(["analysis", "metrics", i, "name"], `metric "${metric.name}" is already in the analysis`);
    }
  });
}
