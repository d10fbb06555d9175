import { existsSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { UserError } from "../../environments/source/errors";

const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface ClusterTarget {
  kubeConfig: KubeConfig;
  /** The context name as the user named it (in-cluster config has none of its own). */
  context: string;
  server: string;
}

export interface KubeConfigSource {
  /** `--kubeconfig`, else the KUBECONFIG list, else ~/.kube/config, else in-cluster, as kubectl does. */
  kubeconfigFlag?: string;
  env: Record<string, string | undefined>;
  /** Prefix of the service account mount (`/var/run/secrets/...`) for in-cluster config; empty in a pod. */
  serviceAccountRoot?: string;
}

/** Loads the kubeconfig the way kubectl does and selects `context`. */
export function selectContext(context: string, source: KubeConfigSource): ClusterTarget {
  const kc = new KubeConfig();
  const files = kubeconfigFiles(source);
  if (files.length === 0) {
    const root = source.serviceAccountRoot ?? "";
    if (source.env.KUBERNETES_SERVICE_HOST && existsSync(root + SERVICE_ACCOUNT_TOKEN)) {
      // In a pod there is one cluster: the service account's; the context name only labels messages.
      kc.loadFromCluster(root);
      return { kubeConfig: kc, context, server: kc.getCurrentCluster()!.server };
    }
    throw new UserError(`context "${context}": no kubeconfig found (set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config)`);
  }
  for (const [i, file] of files.entries()) {
    if (!existsSync(file)) throw new UserError(`context "${context}": kubeconfig ${file} does not exist`);
    const part = i === 0 ? kc : new KubeConfig();
    try {
      part.loadFromFile(file);
    } catch (err) {
      throw new UserError(`context "${context}": cannot read kubeconfig ${file}: ${err instanceof Error ? err.message.split("\n")[0] : err}`);
    }
    if (i > 0) kc.mergeConfig(part);
  }
  const ctx = kc.getContextObject(context);
  if (!ctx) {
    const known = kc.getContexts().map((c) => c.name).sort().join(", ") || "none";
    throw new UserError(`context "${context}" is not in the kubeconfig (${files.join(path.delimiter)}); known contexts: ${known}`);
  }
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UserError(`context "${context}" names cluster "${ctx.cluster}", which the kubeconfig does not define`);
  if (!kc.getCurrentUser()) throw new UserError(`context "${context}" names user "${ctx.user}", which the kubeconfig does not define`);
  return { kubeConfig: kc, context, server: cluster.server.replace(/\/+$/, "") };
}

function kubeconfigFiles(source: KubeConfigSource): string[] {
  if (source.kubeconfigFlag) return [source.kubeconfigFlag];
  const fromEnv = (source.env.KUBECONFIG ?? "").split(path.delimiter).filter(Boolean);
  if (fromEnv.length > 0) return fromEnv;
  const home = source.env.HOME;
  const fallback = home ? path.join(home, ".kube", "config") : undefined;
  return fallback && existsSync(fallback) ? [fallback] : [];
}
