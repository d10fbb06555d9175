import type * as k8s from "../imports/k8s";
import type { ResolvedService } from "../../environments/schema";
import { isResourceField } from "../../environments/format/rollout";

/** What a container's variables are made of (a service's or a batch pod's). */
type ContainerEnvFields = Pick<ResolvedService, "envFrom" | "secrets" | "downwardEnv" | "containerEnv" | "containerName">;

/**
 * The container's variables: the generated ConfigMap, then the existing
 * ConfigMaps and Secrets named in envFrom; the Secret references read as
 * variables (files are mounted by the workload) and the downward API's, then the plain values in order (Kubernetes expands `$(NAME)` from what precedes).
 * Secrets only ever by reference.
 */
export function containerEnv(svc: ContainerEnvFields, configMapName: string | undefined): Pick<k8s.Container, "env" | "envFrom"> {
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
    ...Object.entries(svc.downwardEnv).map(([name, field]) => ({ name, valueFrom: downwardSource(svc, field) })),
    ...(svc.containerEnv ?? []).map(({ name, value }) => ({ name, value })),
  ];
  return { ...(envFrom.length ? { envFrom } : {}), ...(env.length ? { env } : {}) };
}

/** A pod field, or a resource of this container, served by the downward API. */
function downwardSource(svc: ContainerEnvFields, field: string): k8s.EnvVarSource {
  return isResourceField(field) ? { resourceFieldRef: { containerName: svc.containerName, resource: field } } : { fieldRef: { fieldPath: field } };
}
