import type { HookJobConfig } from "../../environments/schema";

export const HOOK_ANNOTATION = "argocd.argoproj.io/hook";
export const HOOK_DELETE_POLICY_ANNOTATION = "argocd.argoproj.io/hook-delete-policy";

/** The job's own delete policy, or the one its ServiceAccount and NetworkPolicy keep. */
export function hookAnnotations(phase: HookJobConfig["hook"], deletePolicy: readonly string[]): Record<string, string> {
  return { [HOOK_ANNOTATION]: phase, [HOOK_DELETE_POLICY_ANNOTATION]: deletePolicy.join(",") };
}
