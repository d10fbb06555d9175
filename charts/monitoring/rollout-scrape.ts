/**
 * Scraping a Rollout's pods. Argo Rollouts narrows the stable and canary (or
 * active and preview) Services to one version each, so the ServiceMonitor
 * finds every pod through one Service or the other, and after a promotion
 * through both. Each target is labelled with the service's own name rather
 * than the Service it was found through: the SLO alerts see stable and new
 * pods alike, and a pod found twice is one target (Prometheus drops targets
 * with equal labels). The pod-template hash tells the versions apart for the
 * analysis.
 */
import { POD_TEMPLATE_HASH_LABEL } from "./analysis-checks";

export function rolloutRelabelings(service: string): object[] {
  return [
    { action: "replace", targetLabel: "service", replacement: service },
    { action: "replace", targetLabel: "job", replacement: service },
    { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_rollouts_pod_template_hash"], targetLabel: POD_TEMPLATE_HASH_LABEL },
  ];
}
