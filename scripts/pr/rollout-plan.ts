/**
 * How an Argo Rollout will ship a new version, read from its manifest and its
 * AnalysisTemplate: the canary's steps (weights and pauses) or the blue-green
 * switch, and the analysis that may abort it with its thresholds. Reviewers
 * of a version change read this instead of the bare image change.
 */
import { failureThreshold } from "../../charts/monitoring/analysis-checks";

type Doc = Record<string, any>;

export function rolloutPlan(rollout: Doc, templates: (name: string) => Doc | undefined): string {
  const strategy = rollout.spec?.strategy ?? {};
  if (strategy.blueGreen) {
    const bg = strategy.blueGreen;
    const preview = `preview ${bg.previewService ?? "(no preview Service)"} with ${bg.previewReplicaCount ?? "all"} replica(s)`;
    const promotion = bg.autoPromotionEnabled === false ? "promoted by hand" : "promoted automatically";
    return [
      `blue-green: ${preview}, ${promotion}`,
      analysisText(bg.prePromotionAnalysis, "before promotion", templates),
      `old version kept ${bg.scaleDownDelaySeconds ?? 30}s after the switch`,
    ].join("; ");
  }
  const canary = strategy.canary ?? {};
  const routing = canary.trafficRouting?.nginx ? `traffic through NGINX (Ingress ${canary.trafficRouting.nginx.stableIngress})` : "traffic by replica count";
  return [`canary: ${stepsText(canary.steps ?? [])}`, routing, analysisText(canary.analysis, "in the background", templates)].join("; ");
}

function stepsText(steps: Doc[]): string {
  const parts = steps.map((s) => (s.setWeight !== undefined ? `${s.setWeight}%` : s.pause ? (s.pause.duration !== undefined ? `pause ${s.pause.duration}` : "pause until promoted") : Object.keys(s)[0]));
  return [...parts, "100%"].join(" → ");
}

function analysisText(analysis: Doc | undefined, when: string, templates: (name: string) => Doc | undefined): string {
  const names: string[] = (analysis?.templates ?? []).map((t: Doc) => t.templateName);
  if (names.length === 0) return "no analysis";
  const metrics = names.flatMap((name) => {
    const template = templates(name);
    if (!template) return [`${name} (template not in this change's manifests)`];
    return (template.spec?.metrics ?? []).map((m: Doc) => `${m.name} ${failureText(m)}`);
  });
  return `analysis ${when}: ${metrics.join(", ")}`;
}

/** "fails above 0.01" for gitops-forge's own conditions; another condition as written. */
function failureText(metric: Doc): string {
  const condition = String(metric.failureCondition ?? "");
  const threshold = failureThreshold(condition);
  if (threshold) return `fails ${threshold.fails} ${threshold.threshold}`;
  return condition ? `fails when ${condition}` : `passes when ${String(metric.successCondition ?? "?")}`;
}

/** Risks of a Rollout in the change: no analysis in production, a step that moves (nearly) all traffic at once. */
export function rolloutRisks(rollout: Doc, production: boolean): Array<{ code: string; message: string }> {
  const risks: Array<{ code: string; message: string }> = [];
  const strategy = rollout.spec?.strategy ?? {};
  const analysis = strategy.canary?.analysis ?? strategy.blueGreen?.prePromotionAnalysis;
  const analysisSteps = (strategy.canary?.steps ?? []).some((s: Doc) => s.analysis);
  if (production && !analysis && !analysisSteps) {
    risks.push({ code: "rollout-without-analysis", message: "a production rollout with no analysis: a failing version is promoted on its steps alone" });
  }
  let weight = 0;
  for (const step of strategy.canary?.steps ?? []) {
    if (step.setWeight === undefined) continue;
    if (step.setWeight === 100 && weight < 50) {
      risks.push({ code: "rollout-jumps-to-100", message: `a canary step moves from ${weight}% straight to 100% of the traffic` });
    }
    weight = step.setWeight;
  }
  return risks;
}
