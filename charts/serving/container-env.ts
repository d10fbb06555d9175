import type * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";

/**
 * The container's variables: the generated ConfigMap, then the existing
 * ConfigMaps and Secrets named in envFrom; the Secret references read as
 * variables (files are mounted by the workload), then the plain values in order (Kubernetes expands `$(NAME)` from what precedes).
 * Secrets only ever by reference.
 */
export function containerEnv(svc: ResolvedService, configMapName: string | undefined): Pick<k8s.Container, "env" | "envFrom"> {
  const envFrom: k8s.EnvFromSource[] = [
    ...(configMapName ? [{ configMapRef: { name: configMapName } }] : []),
    ...(svc.envFrom ?? []).map(({ configMapRef, secretRef, prefix }) => ({
      ...(configMapRef ? { configMapRef: { name: configMapRef.name } } : {}),
      ...(secretRef ? { secretRef: { name: secretRef.name } } : {}),
      ...(prefix !== undefined ? { prefix } : {}),
    })),
  ];
  const env: k8s.EnvVar[] = [
    ...svc.secrets.filter((s) => s.env !== undefined).map((s) => ({ name: s.env!, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })),
    ...(svc.containerEnv ?? []).map(({ name, value }) => ({ name, value })),
  ];
  return { ...(envFrom.length ? { envFrom } : {}), ...(env.length ? { env } : {}) };
}
