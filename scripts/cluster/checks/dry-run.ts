import { objectPath, type Discovery } from "../discovery";
import type { Finding } from "../findings";
import { describeObject, type GeneratedObject } from "../objects";
import { mapWithConcurrency } from "../../lib/pool";
import type { KubeStatus, KubeTransport } from "../transport";

/**
 * Server-side applies every generated object with `dryRun=All` (field manager
 * gitops-forge, unknown fields refused) and reports what admission and
 * validation say, object by object. Objects of kinds the cluster does not
 * serve are left to the CRD check; objects in namespaces that do not exist yet
 * cannot be dry-run (the server answers 404), so they are counted instead.
 */
export async function checkDryRun(
  generated: readonly GeneratedObject[],
  discovery: Discovery,
  transport: KubeTransport,
  liveNamespaces: ReadonlySet<string>,
  concurrency: number,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const waiting = new Map<string, number>();
  const runnable: Array<{ g: GeneratedObject; path: string }> = [];
  for (const g of generated) {
    const info = discovery.resource(g.object.apiVersion, g.object.kind);
    if (!info) continue;
    const ns = g.object.metadata.namespace;
    if (info.namespaced && !ns) {
      findings.push({ check: "dry-run", severity: "error", object: describeObject(g.object), file: g.file, message: `${g.object.kind} is namespaced but the object has no metadata.namespace`, remedy: "set metadata.namespace in the chart" });
    } else if (info.namespaced && !liveNamespaces.has(ns!)) {
      waiting.set(ns!, (waiting.get(ns!) ?? 0) + 1);
    } else {
      runnable.push({ g, path: objectPath(info, g.object) });
    }
  }
  for (const [ns, count] of waiting) {
    findings.push({ check: "dry-run", severity: "info", object: `Namespace/${ns}`, message: `${count} object(s) in namespace ${ns} were not dry-run: the namespace does not exist yet`, remedy: "run the check again once the namespace exists to validate them against the server" });
  }
  const outcomes = await mapWithConcurrency(runnable, concurrency, async ({ g, path }) => ({
    g,
    outcome: await transport.dryRunApply(path, g.object, `dry-run apply ${describeObject(g.object)}`),
  }));
  for (const { g, outcome } of outcomes) {
    const base = { check: "dry-run" as const, object: describeObject(g.object), file: g.file };
    for (const warning of outcome.warnings) {
      findings.push({ ...base, severity: "warning", message: `the API server warns: ${warning}`, remedy: "address the warning in the chart before it becomes an error" });
    }
    if (!outcome.ok) findings.push({ ...base, severity: "error", message: describeRejection(outcome.status), remedy: remedyFor(outcome.status) });
  }
  return findings;
}

function describeRejection(status: KubeStatus): string {
  const head = `rejected (${status.code ?? "?"} ${status.reason ?? "error"}): ${status.message ?? "no message"}`;
  const causes = (status.details?.causes ?? []).filter((c) => c.message && !(status.message ?? "").includes(c.message));
  return causes.length ? `${head} [${causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join("; ")}]` : head;
}

function remedyFor(status: KubeStatus): string {
  switch (status.reason) {
    case "Invalid":
    case "BadRequest":
      return "fix the named field in the chart that generates this object";
    case "Forbidden":
      return "change the object so the cluster's admission policies accept it, or agree an exception with the cluster owners";
    case "NotFound":
      return "create what the object depends on (namespace, CRD) before syncing it";
    default:
      return "read the API server's message and fix the object or the cluster";
  }
}
