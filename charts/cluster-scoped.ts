/** Kinds gitops-forge generates that belong to no namespace: Argo CD whitelists them apart, and they are laid out apart. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);
