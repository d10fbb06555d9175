import { isRecord } from "./objects";
import { containersOf } from "./workloads";

/** Pod Security Standards levels, weakest first. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export function parseLevel(value: unknown): PodSecurityLevel | undefined {
  return value === "privileged" || value === "baseline" || value === "restricted" ? value : undefined;
}

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const SAFE_SYSCTLS = new Set(["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]);
const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"]);

/**
 * The Pod Security Standards checks a pod spec fails at `level`, worded like
 * the API server's PodSecurity admission ("allowPrivilegeEscalation != false
 * (container "x" must set ...)"). Empty when the pod is admitted.
 */
export function podSecurityViolations(podSpec: Record<string, unknown>, level: PodSecurityLevel): string[] {
  if (level === "privileged") return [];
  const out = baselineViolations(podSpec);
  if (level === "restricted") out.push(...restrictedViolations(podSpec));
  return out;
}

function allContainers(podSpec: Record<string, unknown>): Record<string, unknown>[] {
  return [...containersOf(podSpec, "initContainers"), ...containersOf(podSpec)];
}

function securityContext(holder: Record<string, unknown>): Record<string, unknown> {
  return isRecord(holder.securityContext) ? holder.securityContext : {};
}

function volumes(podSpec: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(podSpec.volumes) ? podSpec.volumes.filter(isRecord) : [];
}

function baselineViolations(pod: Record<string, unknown>): string[] {
  const out: string[] = [];
  const hostNamespaces = ["hostNetwork", "hostPID", "hostIPC"].filter((f) => pod[f] === true);
  if (hostNamespaces.length) out.push(`host namespaces (${hostNamespaces.map((f) => `${f}=true`).join(", ")})`);
  for (const c of allContainers(pod)) {
    const sc = securityContext(c);
    const name = `container "${String(c.name)}"`;
    if (sc.privileged === true) out.push(`privileged (${name} must not set securityContext.privileged=true)`);
    const added = isRecord(sc.capabilities) && Array.isArray(sc.capabilities.add) ? sc.capabilities.add.map(String) : [];
    const extra = added.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (extra.length) out.push(`non-default capabilities (${name} must not include ${extra.join(", ")} in securityContext.capabilities.add)`);
    const hostPorts = (Array.isArray(c.ports) ? c.ports.filter(isRecord) : []).filter((p) => typeof p.hostPort === "number" && p.hostPort !== 0);
    if (hostPorts.length) out.push(`hostPort (${name} uses hostPort ${hostPorts.map((p) => p.hostPort).join(", ")})`);
    if (sc.procMount !== undefined && sc.procMount !== "Default") out.push(`procMount (${name} must not set securityContext.procMount=${String(sc.procMount)})`);
    if (isRecord(sc.seccompProfile) && sc.seccompProfile.type === "Unconfined") out.push(`seccompProfile (${name} must not set securityContext.seccompProfile.type to "Unconfined")`);
  }
  const podSc = securityContext(pod);
  if (isRecord(podSc.seccompProfile) && podSc.seccompProfile.type === "Unconfined") out.push(`seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")`);
  const sysctls = Array.isArray(podSc.sysctls) ? podSc.sysctls.filter(isRecord).map((s) => String(s.name)) : [];
  const unsafe = sysctls.filter((s) => !SAFE_SYSCTLS.has(s));
  if (unsafe.length) out.push(`forbidden sysctls (${unsafe.join(", ")})`);
  const hostPath = volumes(pod).filter((v) => v.hostPath !== undefined).map((v) => `"${String(v.name)}"`);
  if (hostPath.length) out.push(`hostPath volumes (${hostPath.join(", ")})`);
  return out;
}

function restrictedViolations(pod: Record<string, unknown>): string[] {
  const out: string[] = [];
  const podSc = securityContext(pod);
  const badVolumes = volumes(pod)
    .map((v) => ({ name: String(v.name), type: Object.keys(v).find((k) => k !== "name") ?? "unknown" }))
    .filter((v) => v.type !== "hostPath" && !RESTRICTED_VOLUME_TYPES.has(v.type));
  if (badVolumes.length) out.push(`restricted volume types (${badVolumes.map((v) => `volume "${v.name}" uses ${v.type}`).join(", ")})`);
  const podSeccomp = isRecord(podSc.seccompProfile) ? podSc.seccompProfile.type : undefined;
  for (const c of allContainers(pod)) {
    const sc = securityContext(c);
    const name = `container "${String(c.name)}"`;
    if (sc.allowPrivilegeEscalation !== false) out.push(`allowPrivilegeEscalation != false (${name} must set securityContext.allowPrivilegeEscalation=false)`);
    const caps = isRecord(sc.capabilities) ? sc.capabilities : {};
    const dropped = Array.isArray(caps.drop) ? caps.drop.map(String) : [];
    if (!dropped.includes("ALL")) out.push(`unrestricted capabilities (${name} must set securityContext.capabilities.drop=["ALL"])`);
    const added = Array.isArray(caps.add) ? caps.add.map(String).filter((cap) => cap !== "NET_BIND_SERVICE") : [];
    if (added.length) out.push(`unrestricted capabilities (${name} must not add ${added.join(", ")})`);
    const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    if (runAsNonRoot !== true) out.push(`runAsNonRoot != true (${name} or the pod must set securityContext.runAsNonRoot=true)`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`runAsUser=0 (${name} must not run as user 0)`);
    const seccomp = isRecord(sc.seccompProfile) ? sc.seccompProfile.type : podSeccomp;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") out.push(`seccompProfile (${name} or the pod must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  }
  return out;
}
