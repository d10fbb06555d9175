import type { ResolvedEnvironment, ResolvedService } from "../environments/schema";
import { MODEL_SERVING } from "../environments/format/component";

export const MANAGED_BY = "gitops-forge";
export const ENVIRONMENT_LABEL = "gitops-forge.io/environment";
export const GPU_POOL_LABEL = "gitops-forge.io/gpu-pool";
export const NAME_LABEL = "app.kubernetes.io/name";
export const INSTANCE_LABEL = "app.kubernetes.io/instance";
/** Set by the API server on every namespace; what namespaceSelectors can rely on. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** `false` on a workload that is not a model server (the policies' explicit override). */
export const SERVING_LABEL = "gitops-forge.io/serving";
/**
 * On every patched object: which of the environment's patches changed it and
 * why, so reviewers see that the file is not what the charts alone make.
 */
export const PATCHED_BY_ANNOTATION = "gitops-forge.io/patched-by";

/** On every object of an environment (cdk8s applies them through the chart). */
export function environmentLabels(env: ResolvedEnvironment): Record<string, string> {
  return { "app.kubernetes.io/managed-by": MANAGED_BY, [ENVIRONMENT_LABEL]: env.name };
}

/** The two labels that select a service's pods: stable for the life of the Deployment. */
export function selectorLabels(env: ResolvedEnvironment, svc: Pick<ResolvedService, "name">): Record<string, string> {
  return { [NAME_LABEL]: svc.name, [INSTANCE_LABEL]: `${env.name}-${svc.name}` };
}

/** On every object that belongs to a service. */
export function serviceLabels(env: ResolvedEnvironment, svc: Pick<ResolvedService, "name" | "component" | "team">): Record<string, string> {
  return {
    ...selectorLabels(env, svc),
    "app.kubernetes.io/part-of": env.platform,
    "app.kubernetes.io/component": svc.component,
    "gitops-forge.io/team": slug(svc.team),
    // A frontend or gateway is served by a Service too: say outright that the model-serving rules do not apply.
    ...(svc.component === MODEL_SERVING ? {} : { [SERVING_LABEL]: "false" }),
  };
}

/**
 * Pod template labels: the service's, the version (only here, so an image bump
 * touches one file), and the GPU pool for capacity queries.
 */
export function podLabels(env: ResolvedEnvironment, svc: Pick<ResolvedService, "name" | "component" | "team" | "image" | "gpu">): Record<string, string> {
  const version = svc.image.tag ?? svc.image.digest!.slice("sha256:".length, "sha256:".length + 12);
  return {
    ...serviceLabels(env, svc),
    ...environmentLabels(env),
    "app.kubernetes.io/version": version,
    ...(svc.gpu ? { [GPU_POOL_LABEL]: svc.gpu.pool } : {}),
  };
}

/** Label values allow [A-Za-z0-9._-] only; team names are free text. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "").slice(0, 63);
}
