/** Failure bodies shaped like kube-apiserver's `Status` objects. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

export function status(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

/** `deployments.apps "x" not found` */
export function notFound(qualifiedResource: string, name: string, group: string, plural: string): Status {
  return status(404, "NotFound", `${qualifiedResource} "${name}" not found`, { name, group: group || undefined, kind: plural });
}

/** `Deployment.apps "x" is invalid: spec.replicas: Invalid value: ...` with one cause per field. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): Status {
  const qualified = group ? `${kind}.${group}` : kind;
  const rendered = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(", ")}]`;
  return status(422, "Invalid", `${qualified} "${name}" is invalid: ${summary}`, { name, group: group || undefined, kind, causes });
}
