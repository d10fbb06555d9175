/**
 * The team's own labels and annotations may not take a key gitops-forge
 * sets itself: selectors, ownership and sync order depend on those.
 */
import { UserError, UserErrors } from "./source/errors";
import type { FieldPath } from "./source/yaml-source";
import type { EnvironmentConfig } from "./schema";
import type { SourceChain } from "./load-environment";

const GENERATED_LABELS = ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "app.kubernetes.io/component", "app.kubernetes.io/version"];
const GENERATED_ANNOTATIONS = ["argocd.argoproj.io/sync-wave"];
const isOwnKey = (key: string) => key.startsWith("gitops-forge.io/");

export function checkCustomMetadata(config: EnvironmentConfig, chain: SourceChain): void {
  const errors: UserError[] = [];
  const check = (map: Record<string, string>, path: FieldPath, generated: string[]) => {
    for (const key of Object.keys(map)) {
      if (generated.includes(key) || isOwnKey(key)) {
        errors.push(new UserError(`"${key}" is set by gitops-forge itself (selectors, ownership and sync order rely on it): choose another key`, { ...chain.locate([...path, key]), path: [...path, key].join(".") }));
      }
    }
  };
  check(config.commonLabels, ["commonLabels"], GENERATED_LABELS);
  check(config.commonAnnotations, ["commonAnnotations"], GENERATED_ANNOTATIONS);
  for (const [name, svc] of Object.entries(config.services)) {
    for (const field of ["labels", "podLabels"] as const) check(svc[field], ["services", name, field], GENERATED_LABELS);
    for (const field of ["annotations", "podAnnotations"] as const) check(svc[field], ["services", name, field], GENERATED_ANNOTATIONS);
  }
  UserErrors.throwIfAny(errors);
}
