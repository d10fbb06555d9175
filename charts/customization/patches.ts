/**
 * Applies an environment's patches to the objects the charts generated, as
 * Kustomize does: each patch selects objects by group, version, kind, name,
 * namespace or labels and changes them by strategic merge, JSON merge or
 * JSON Patch. The result is recorded on the ApiObject as RFC 6902 operations,
 * so synth and `cdk8s synth` render the same patched object.
 */
import type { ApiObject } from "cdk8s";
import { applyPatch, validate, type Operation } from "fast-json-patch";
import type { ResolvedEnvironment } from "../../environments/schema";
import { UserError } from "../../environments/source/errors";
import { editManifest } from "./edit-manifest";
import { PATCHED_BY_ANNOTATION } from "../labels";
import { jsonMerge, strategicMerge } from "./strategic-merge";

type Patch = ResolvedEnvironment["patches"][number];
type Target = Patch["target"];

/** An object a patch changed, for the pipeline's schema check and the pull request. */
export interface PatchedObject {
  object: ApiObject;
  /** Index of the patch in the environment's `patches`. */
  patch: number;
  /** The operations the patch amounted to on this object. */
  changes: Operation[];
}


export function applyPatches(env: ResolvedEnvironment, objects: readonly ApiObject[]): PatchedObject[] {
  const patched: PatchedObject[] = [];
  const notes = new Map<ApiObject, string[]>();
  env.patches.forEach((patch, index) => {
    const at = (...path: Array<string | number>) => env.locate(["patches", index, ...path]);
    const handlers = (["strategic", "merge", "json"] as const).filter((h) => patch[h] !== undefined);
    if (handlers.length !== 1) throw new UserError(`give exactly one of strategic, merge or json${handlers.length ? ` (got ${handlers.join(" and ")})` : ""}`, at());
    const selected = objects.filter((object) => matches(object, patch.target));
    if (selected.length === 0) throw new UserError(`selects no generated object (${describeTarget(patch.target)})`, at("target"));
    for (const object of selected) {
      const what = `${object.kind}/${object.name}`;
      const changes = editManifest(object, (before) => {
        const after = patchedManifest(before, patch, (...path) => at(handlers[0]!, ...path), what);
        for (const field of ["apiVersion", "kind"] as const) {
          if (after[field] !== object[field]) throw new UserError(`may not change ${field} of ${what}`, at(handlers[0]!));
        }
        if ((after.metadata as { name?: unknown } | undefined)?.name !== object.name) {
          throw new UserError(`may not rename ${what}: files, selectors and references follow the generated name`, at(handlers[0]!));
        }
        return after;
      });
      if (changes.length === 0) continue;
      patched.push({ object, patch: index, changes });
      const note = `patches[${index}]${patch.reason ? ` (${patch.reason})` : ""}`;
      notes.set(object, [...(notes.get(object) ?? []), note]);
    }
  });
  for (const [object, list] of notes) {
    editManifest(object, (manifest) => {
      const metadata = manifest.metadata as { annotations?: Record<string, string> };
      metadata.annotations = { ...metadata.annotations, [PATCHED_BY_ANNOTATION]: list.join("; ") };
      return manifest;
    });
  }
  return patched;
}

function patchedManifest(before: Record<string, unknown>, patch: Patch, at: (...path: number[]) => ReturnType<ResolvedEnvironment["locate"]>, what: string): Record<string, unknown> {
  if (patch.strategic) return strategicMerge(before, patch.strategic) as Record<string, unknown>;
  if (patch.merge) return jsonMerge(before, patch.merge) as Record<string, unknown>;
  const ops = patch.json as Operation[];
  const problem = validate(ops, before);
  if (problem) {
    const op = problem.operation as Operation | undefined;
    const reason = problem.name === "OPERATION_PATH_UNRESOLVABLE" || problem.name === "OPERATION_FROM_UNRESOLVABLE" ? "does not exist" : problem.message.split("\n")[0];
    throw new UserError(`${op?.op} ${op?.path}: ${reason} in ${what}`, at(problem.index ?? 0));
  }
  return applyPatch(before, ops, false, true).newDocument as Record<string, unknown>;
}

function matches(object: ApiObject, target: Target): boolean {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.kind !== undefined && target.kind !== object.kind) return false;
  if (target.name !== undefined && !globMatches(target.name, object.name)) return false;
  if (target.namespace !== undefined && target.namespace !== object.metadata.namespace) return false;
  if (target.labelSelector !== undefined) {
    for (const requirement of target.labelSelector.split(",")) {
      const [key, value] = requirement.split("=").map((s) => s.trim());
      if (object.metadata.getLabel(key!) !== value) return false;
    }
  }
  return true;
}

/** `*` matches any run of characters; matched left to right in linear time (no backtracking). */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

function describeTarget(target: Target): string {
  return Object.entries(target).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(", ");
}
