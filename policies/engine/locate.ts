import { parseYamlDocuments, type SourceDocument } from "../../environments/source/yaml-source";
import { parseBlockYamlWithPositions } from "./fast-yaml";
import { blockYamlLocator } from "./fast-yaml-locate";
import type { Finding, ManifestInput } from "./types";

/**
 * Adds line and column to findings. Only files with findings are looked at
 * again: plain block YAML by walking the lines along each finding's path,
 * other files by re-parsing them with positions kept; clean files cost nothing
 * beyond the first parse.
 */
export function locateFindings(findings: Finding[], sources: Map<string, ManifestInput>): void {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, list] of byFile) {
    const source = sources.get(file);
    if (source?.text === undefined) continue;
    const docs = positionedDocuments(file, source.text, source.blockYaml === true);
    for (const f of list) {
      const doc = docs[f.index];
      if (!doc) continue;
      const pos = doc.locate(f.path);
      f.line = pos.line;
      f.column = pos.column;
    }
  }
}

type Locator = Pick<SourceDocument, "locate">;

/** Lines of a plain one-document file by walking them, else the fast block-YAML positions, else the full parser's. */
function positionedDocuments(file: string, text: string, blockYaml: boolean): Locator[] {
  const walker = blockYaml ? blockYamlLocator(text) : undefined;
  if (walker) return [walker];
  const fast = parseBlockYamlWithPositions(text);
  if (fast) return fast.value === null ? [] : [fast];
  try {
    return parseYamlDocuments(file, text);
  } catch {
    return [];
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
