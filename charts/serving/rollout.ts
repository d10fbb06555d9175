/**
 * The Argo Rollout strategy of a canary or blue-green service, and the names
 * of the objects it points at (Services, Ingress, AnalysisTemplate).
 */
import type { ResolvedService } from "../../environments/schema";
import { UNTIL_PROMOTED } from "../../environments/format/delivery";
import { serviceObjectName } from "../../environments/format/object-names";
import type { ServiceContext } from "./context";
import { hasAnalysis } from "../monitoring/analysis-checks";

export { hasAnalysis };

export const ARGO_ROLLOUTS_API_VERSION = "argoproj.io/v1alpha1";
export const ROLLOUT_TYPE = { apiVersion: ARGO_ROLLOUTS_API_VERSION, kind: "Rollout" } as const;
export const ANALYSIS_TEMPLATE_TYPE = { apiVersion: ARGO_ROLLOUTS_API_VERSION, kind: "AnalysisTemplate" } as const;
/** The analysis argument naming the new version's pods (their rollouts-pod-template-hash label). */
export const POD_TEMPLATE_HASH_ARG = "pod-template-hash";

export const isRollout = (svc: ResolvedService): boolean => svc.delivery === "canary" || svc.delivery === "blueGreen";

/** The Services beside the service's own: the canary's, or the blue-green preview. */
export function extraServiceName(svc: ResolvedService): string | undefined {
  if (svc.delivery === "canary") return `${svc.name}-canary`;
  if (svc.delivery === "blueGreen") return svc.blueGreen!.previewService!;
  return undefined;
}

export function rolloutStrategy(ctx: ServiceContext): Record<string, unknown> {
  const { svc } = ctx;
  const analysis = hasAnalysis(ctx.env, svc)
    ? { templates: [{ templateName: svc.name }], args: [{ name: POD_TEMPLATE_HASH_ARG, valueFrom: { podTemplateHashValue: "Latest" } }] }
    : undefined;
  if (svc.delivery === "blueGreen") {
    const bg = svc.blueGreen!;
    return {
      blueGreen: {
        activeService: serviceObjectName(svc, "service"),
        previewService: bg.previewService,
        ...(bg.previewReplicaCount !== undefined ? { previewReplicaCount: bg.previewReplicaCount } : {}),
        ...(bg.autoPromotionEnabled !== undefined ? { autoPromotionEnabled: bg.autoPromotionEnabled } : {}),
        ...(bg.scaleDownDelaySeconds !== undefined ? { scaleDownDelaySeconds: bg.scaleDownDelaySeconds } : {}),
        ...(analysis ? { prePromotionAnalysis: analysis } : {}),
      },
    };
  }
  const canary = svc.canary!;
  return {
    canary: {
      stableService: serviceObjectName(svc, "service"),
      canaryService: extraServiceName(svc),
      // With an ingress, NGINX splits the traffic by weight (Argo Rollouts writes the canary Ingress); without, the replica count does.
      ...(svc.ingress ? { trafficRouting: { nginx: { stableIngress: serviceObjectName(svc, "ingress") } } } : {}),
      ...(canary.maxSurge !== undefined ? { maxSurge: canary.maxSurge } : {}),
      ...(canary.maxUnavailable !== undefined ? { maxUnavailable: canary.maxUnavailable } : {}),
      steps: canary.steps.map((step) =>
        step.setWeight !== undefined ? { setWeight: step.setWeight } : { pause: step.pause === UNTIL_PROMOTED ? {} : { duration: step.pause } },
      ),
      ...(analysis ? { analysis } : {}),
    },
  };
}
