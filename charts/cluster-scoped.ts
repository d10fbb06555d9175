/** Kinds gitops-forge writes that are not namespaced: Argo CD's cluster whitelist and the `_cluster` folder. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(["Namespace", "PriorityClass", "ClusterRole", "ClusterRoleBinding"]);
