import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, LimitRange, Namespace, Node, PersistentVolumeClaim, Pod, ResourceQuota, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";

/** A resource the loopback API server serves. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** The published-schema validator for built-in kinds (kubernetes-models); CRDs are validated from their openAPIV3Schema. */
  // Each model class takes its own data type.
  model?: { new (data: any): { validate(): void } };
}

const builtIn = (group: string, version: string, kind: string, plural: string, namespaced: boolean, model: ResourceType["model"]): ResourceType => ({ group, version, kind, plural, namespaced, model });

/** The built-in resources gitops-forge generates or the checks read. */
export const BUILT_IN_RESOURCES: readonly ResourceType[] = [
  builtIn("", "v1", "Namespace", "namespaces", false, Namespace),
  builtIn("", "v1", "Node", "nodes", false, Node),
  builtIn("", "v1", "Pod", "pods", true, Pod),
  builtIn("", "v1", "Service", "services", true, Service),
  builtIn("", "v1", "ConfigMap", "configmaps", true, ConfigMap),
  builtIn("", "v1", "Secret", "secrets", true, Secret),
  builtIn("", "v1", "ServiceAccount", "serviceaccounts", true, ServiceAccount),
  builtIn("", "v1", "ResourceQuota", "resourcequotas", true, ResourceQuota),
  builtIn("", "v1", "LimitRange", "limitranges", true, LimitRange),
  builtIn("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, PersistentVolumeClaim),
  builtIn("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, StorageClass),
  builtIn("apps", "v1", "Deployment", "deployments", true, Deployment),
  builtIn("apps", "v1", "StatefulSet", "statefulsets", true, StatefulSet),
  builtIn("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, HorizontalPodAutoscaler),
  builtIn("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, PodDisruptionBudget),
  builtIn("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, NetworkPolicy),
  builtIn("networking.k8s.io", "v1", "Ingress", "ingresses", true, Ingress),
  builtIn("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, CustomResourceDefinition),
];

export function groupVersion(r: Pick<ResourceType, "group" | "version">): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
