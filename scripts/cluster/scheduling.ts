import { isRecord } from "./objects";

/** A node as the scheduler sees it: labels, taints, and whether it takes new pods. */
export interface NodeView {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

export function nodeView(node: Record<string, unknown>): NodeView {
  const meta = isRecord(node.metadata) ? node.metadata : {};
  const spec = isRecord(node.spec) ? node.spec : {};
  const taints = (Array.isArray(spec.taints) ? spec.taints.filter(isRecord) : []).map((t) => ({
    key: String(t.key ?? ""),
    value: typeof t.value === "string" ? t.value : undefined,
    effect: String(t.effect ?? ""),
  }));
  // A cordoned node carries this taint in the scheduler's eyes.
  if (spec.unschedulable === true) taints.push({ key: "node.kubernetes.io/unschedulable", value: undefined, effect: "NoSchedule" });
  return { name: String(meta.name), labels: isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {}, taints };
}

/** nodeSelector and required node affinity (terms ORed, expressions ANDed), as the scheduler evaluates them. */
export function matchesNodeAffinity(podSpec: Record<string, unknown>, node: NodeView): boolean {
  const selector = isRecord(podSpec.nodeSelector) ? podSpec.nodeSelector : {};
  if (!Object.entries(selector).every(([k, v]) => node.labels[k] === v)) return false;
  const affinity = isRecord(podSpec.affinity) && isRecord(podSpec.affinity.nodeAffinity) ? podSpec.affinity.nodeAffinity : {};
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!isRecord(required)) return true;
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms.filter(isRecord) : [];
  return terms.some((term) => termMatches(term, node));
}

function termMatches(term: Record<string, unknown>, node: NodeView): boolean {
  const expressions = Array.isArray(term.matchExpressions) ? term.matchExpressions.filter(isRecord) : [];
  const fields = Array.isArray(term.matchFields) ? term.matchFields.filter(isRecord) : [];
  if (expressions.length === 0 && fields.length === 0) return false; // an empty term matches no node
  return (
    expressions.every((e) => requirementMatches(e, node.labels[String(e.key)])) &&
    fields.every((e) => requirementMatches(e, e.key === "metadata.name" ? node.name : undefined))
  );
}

function requirementMatches(req: Record<string, unknown>, actual: string | undefined): boolean {
  const values = Array.isArray(req.values) ? req.values.map(String) : [];
  switch (req.operator) {
    case "In":
      return actual !== undefined && values.includes(actual);
    case "NotIn":
      return actual === undefined || !values.includes(actual);
    case "Exists":
      return actual !== undefined;
    case "DoesNotExist":
      return actual === undefined;
    case "Gt":
      return actual !== undefined && Number(actual) > Number(values[0]);
    case "Lt":
      return actual !== undefined && Number(actual) < Number(values[0]);
    default:
      return false;
  }
}

/** The node's NoSchedule/NoExecute taints the pod does not tolerate (PreferNoSchedule never blocks). */
export function untoleratedTaints(podSpec: Record<string, unknown>, node: NodeView): NodeView["taints"] {
  const tolerations = Array.isArray(podSpec.tolerations) ? podSpec.tolerations.filter(isRecord) : [];
  return node.taints.filter((taint) => taint.effect !== "PreferNoSchedule" && !tolerations.some((t) => tolerates(t, taint)));
}

function tolerates(t: Record<string, unknown>, taint: NodeView["taints"][number]): boolean {
  if (t.effect !== undefined && t.effect !== "" && t.effect !== taint.effect) return false;
  const operator = t.operator ?? "Equal";
  if (t.key === undefined || t.key === "") return operator === "Exists";
  if (t.key !== taint.key) return false;
  return operator === "Exists" || (t.value ?? "") === (taint.value ?? "");
}

export function formatTaint(taint: NodeView["taints"][number]): string {
  return `${taint.key}${taint.value !== undefined ? `=${taint.value}` : ""}:${taint.effect}`;
}
