import type { Finding, Report, Severity } from "../engine/types";
import { formatPath, refString } from "./common";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** Repository-relative URI with forward slashes, as GitHub code scanning expects. */
function artifactUri(file: string): string {
  const normalized = file.replace(/\\/g, "/").replace(/^\.\//, "");
  return normalized.startsWith("/") ? `file://${encodeURI(normalized)}` : encodeURI(normalized);
}

/** SARIF 2.1.0: one rule per policy run, one result per finding; waived findings carry a suppression. */
export function renderSarif(report: Report): string {
  const ruleIndex = new Map(report.policies.map((p, i) => [p.id, i]));
  const result = (f: Finding, waived: boolean) => {
    const region: Record<string, number> = { startLine: f.line ?? 1 };
    if (f.column !== undefined) region.startColumn = f.column;
    return {
      ruleId: f.policy,
      ...(ruleIndex.has(f.policy) ? { ruleIndex: ruleIndex.get(f.policy) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${refString(f.resource)}: ${f.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(f.file), uriBaseId: "%SRCROOT%" }, region },
          logicalLocations: [{ name: formatPath(f.path), fullyQualifiedName: `${refString(f.resource)}#${formatPath(f.path)}`, kind: "member" }],
        },
      ],
      partialFingerprints: { "gitopsForgeFinding/v1": `${f.policy}:${refString(f.resource)}:${formatPath(f.path)}` },
      ...(waived ? { suppressions: [{ kind: "external", status: "accepted", justification: f.waivedBy?.reason ?? "waived" }] } : {}),
    };
  };
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gitops-forge-validate",
            informationUri: "https://github.com/gitops-forge/gitops-forge",
            rules: report.policies.map((p) => ({
              id: p.id,
              name: p.title,
              shortDescription: { text: p.title },
              fullDescription: { text: p.rationale },
              help: { text: p.remediation },
              helpUri: p.docs,
              defaultConfiguration: { level: LEVEL[p.severity] },
              properties: { category: p.category },
            })),
          },
        },
        results: [...report.findings.map((f) => result(f, false)), ...report.waived.map((f) => result(f, true))],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
