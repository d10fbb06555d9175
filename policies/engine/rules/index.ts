import type { ResourceRule, Rule } from "../rule";
import { chaosEnvironmentAllowed } from "./chaos-environment-allowed";
import { chaosInSchedule } from "./chaos-in-schedule";
import { dangerousCapabilities } from "./dangerous-capabilities";
import { deprecatedApi } from "./deprecated-api";
import { dropCapabilities } from "./drop-capabilities";
import { duplicateObject } from "./duplicate-object";
import { envDuplicate } from "./env-duplicate";
import { envRefsResolve } from "./env-refs-resolve";
import { extendedResourcesEqual } from "./extended-resources-equal";
import { gpuTargetsGpuNodes } from "./gpu-targets-gpu-nodes";
import { gpuToleratesTaint } from "./gpu-tolerates-taint";
import { hpaMaxAboveMin } from "./hpa-max-above-min";
import { hpaReplicasConflict } from "./hpa-replicas-conflict";
import { hpaTargetsWorkload } from "./hpa-targets-workload";
import { ingressTargetsService } from "./ingress-targets-service";
import { kubernetesSchema } from "./kubernetes-schema";
import { minReplicas } from "./min-replicas";
import { modelPinned } from "./model-pinned";
import { namespaceHasObject } from "./namespace-has-object";
import { networkPolicyPeersTargetPods } from "./networkpolicy-peers-target-pods";
import { networkPolicyTargetsPods } from "./networkpolicy-targets-pods";
import { nonGpuTargetsGpuNodes } from "./non-gpu-targets-gpu-nodes";
import { nonGpuToleratesGpu } from "./non-gpu-tolerates-gpu";
import { pdbMinAvailable } from "./pdb-min-available";
import { podAntiAffinity } from "./pod-anti-affinity";
import { portNames } from "./port-names";
import { probePortDeclared } from "./probe-port-declared";
import { probesDistinct } from "./probes-distinct";
import { promqlParses } from "./promql-parses";
import { rbacClusterAdminBinding } from "./rbac-cluster-admin-binding";
import { rbacGrants } from "./rbac-grants";
import { readinessProbe } from "./readiness-probe";
import { restartPolicy } from "./restart-policy";
import { selectorMatchesTemplate } from "./selector-matches-template";
import { serviceAccountExists } from "./service-account-exists";
import { serviceAccountToken } from "./service-account-token";
import { serviceTargetPort } from "./service-target-port";
import { serviceTargetsPods } from "./service-targets-pods";
import { serviceMonitorTargetsService } from "./servicemonitor-targets-service";
import { statefulSetService } from "./statefulset-service";
import { servingHasAlerts } from "./serving-has-alerts";
import { servingHasHpa } from "./serving-has-hpa";
import { servingHasServiceMonitor } from "./serving-has-servicemonitor";
import { unknownFields } from "./unknown-fields";
import { unknownKind } from "./unknown-kind";
import { unsafeSysctls } from "./unsafe-sysctls";
import { veleroBackupTtl } from "./velero-backup-ttl";
import { veleroCoversNamespace } from "./velero-covers-namespace";
import { veleroCoversVolumes } from "./velero-covers-volumes";
import { workloadHasNetworkPolicy } from "./workload-has-networkpolicy";
import { workloadHasPdb } from "./workload-has-pdb";
import { writableHostMount } from "./writable-host-mount";

/** Rules the engine itself evaluates, after waivers and exemptions are matched. */
const ENGINE_RULES = new Set(["waiver-expired", "waiver-unmatched", "annotation-exemption-forbidden"]);

/** TypeScript rules by the name a policy file gives in `rule:`. */
export const RULES = new Map<string, Rule | ResourceRule | null>([
  ["chaos-environment-allowed", chaosEnvironmentAllowed],
  ["chaos-in-schedule", chaosInSchedule],
  ["dangerous-capabilities", dangerousCapabilities],
  ["deprecated-api", deprecatedApi],
  ["drop-capabilities", dropCapabilities],
  ["duplicate-object", duplicateObject],
  ["env-duplicate", envDuplicate],
  ["env-refs-resolve", envRefsResolve],
  ["extended-resources-equal", extendedResourcesEqual],
  ["gpu-targets-gpu-nodes", gpuTargetsGpuNodes],
  ["gpu-tolerates-taint", gpuToleratesTaint],
  ["hpa-max-above-min", hpaMaxAboveMin],
  ["hpa-replicas-conflict", hpaReplicasConflict],
  ["hpa-targets-workload", hpaTargetsWorkload],
  ["ingress-targets-service", ingressTargetsService],
  ["kubernetes-schema", kubernetesSchema],
  ["min-replicas", minReplicas],
  ["model-pinned", modelPinned],
  ["namespace-has-object", namespaceHasObject],
  ["networkpolicy-peers-target-pods", networkPolicyPeersTargetPods],
  ["networkpolicy-targets-pods", networkPolicyTargetsPods],
  ["non-gpu-targets-gpu-nodes", nonGpuTargetsGpuNodes],
  ["non-gpu-tolerates-gpu", nonGpuToleratesGpu],
  ["pdb-min-available", pdbMinAvailable],
  ["pod-anti-affinity", podAntiAffinity],
  ["port-names", portNames],
  ["probe-port-declared", probePortDeclared],
  ["probes-distinct", probesDistinct],
  ["promql-parses", promqlParses],
  ["rbac-cluster-admin-binding", rbacClusterAdminBinding],
  ["rbac-grants", rbacGrants],
  ["readiness-probe", readinessProbe],
  ["restart-policy", restartPolicy],
  ["selector-matches-template", selectorMatchesTemplate],
  ["service-account-exists", serviceAccountExists],
  ["service-account-token", serviceAccountToken],
  ["service-target-port", serviceTargetPort],
  ["service-targets-pods", serviceTargetsPods],
  ["servicemonitor-targets-service", serviceMonitorTargetsService],
  ["statefulset-service", statefulSetService],
  ["serving-has-alerts", servingHasAlerts],
  ["serving-has-hpa", servingHasHpa],
  ["serving-has-servicemonitor", servingHasServiceMonitor],
  ["unknown-fields", unknownFields],
  ["unknown-kind", unknownKind],
  ["unsafe-sysctls", unsafeSysctls],
  ["velero-backup-ttl", veleroBackupTtl],
  ["velero-covers-namespace", veleroCoversNamespace],
  ["velero-covers-volumes", veleroCoversVolumes],
  ["workload-has-networkpolicy", workloadHasNetworkPolicy],
  ["workload-has-pdb", workloadHasPdb],
  ["writable-host-mount", writableHostMount],
  ...[...ENGINE_RULES].map((name) => [name, null] as [string, null]),
]);
