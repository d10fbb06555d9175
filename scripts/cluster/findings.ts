export type Severity = "error" | "warning" | "info";

export type CheckName = "crd" | "namespace" | "pod-security" | "quota" | "storage" | "gpu" | "dry-run";

/** One thing the platform team should know about an object, and what to do about it. */
export interface Finding {
  check: CheckName;
  severity: Severity;
  /** `Kind/namespace/name`. */
  object: string;
  /** Generated file the object comes from, when there is one. */
  file?: string;
  message: string;
  remedy: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Severity first, then check, object and message: the same findings always print in the same order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.check.localeCompare(b.check) ||
      a.object.localeCompare(b.object) ||
      a.message.localeCompare(b.message),
  );
}
