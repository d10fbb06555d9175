import { parseYamlDocuments, type SourceDocument } from "../../scripts/lib/yaml-source";
import type { Finding } from "./types";

/**
 * Adds line and column to findings. Only files with findings are re-parsed with
 * positions kept, so clean files cost nothing beyond the fast parse.
 */
export function locateFindings(findings: Finding[], texts: Map<string, string>): void {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, list] of byFile) {
    const text = texts.get(file);
    if (text === undefined) continue;
    let docs: SourceDocument[];
    try {
      docs = parseYamlDocuments(file, text);
    } catch {
      continue;
    }
    for (const f of list) {
      const doc = docs[f.index];
      if (!doc) continue;
      const pos = doc.locate(f.path);
      f.line = pos.line;
      f.column = pos.column;
    }
  }
}

/** `spec.template.metadata.labels["app.kubernetes.io/name"]`: dotted, with odd keys quoted. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
