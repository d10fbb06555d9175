import type { Finding, Report, Severity } from "../engine/types";
import { isAbsolute, relative } from "node:path";
import { pathToFileURL } from "node:url";
import packageJson from "../../package.json" with { type: "json" };
import { formatPath, refString } from "./common";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/**
 * Where a finding's file is: relative to the working directory (the checkout
 * root, %SRCROOT%) as GitHub code scanning expects, with forward slashes; a
 * file outside it gets an absolute file: URI and no base, since SARIF forbids
 * a uriBaseId beside an absolute URI.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const fromRoot = isAbsolute(file) ? relative(process.cwd(), file) : file;
  const normalized = fromRoot.replace(/\\/g, "/").replace(/^\.\//, "");
  if (isAbsolute(fromRoot) || normalized.startsWith("../")) return { uri: pathToFileURL(file).href };
  return { uri: encodeURI(normalized), uriBaseId: "%SRCROOT%" };
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
          physicalLocation: { artifactLocation: artifactLocation(f.file), region },
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
            version: packageJson.version,
            semanticVersion: packageJson.version,
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
