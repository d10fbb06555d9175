import { structuredPatch } from "diff";
import { parseManifest, type FileChange } from "./changeset";

/** A changed file's unified-diff hunks (3 lines of context), or undefined for a Secret, whose content is never shown. */
export function hunkLines(change: FileChange): string[] | undefined {
  if ([change.before, change.after].some((t) => parseManifest(t)?.kind === "Secret")) return undefined;
  const patch = structuredPatch(change.path, change.path, change.before ?? "", change.after ?? "", "", "", { context: 3 });
  return patch.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
}

export const SECRET_HIDDEN = "(Secret content is not shown)";
