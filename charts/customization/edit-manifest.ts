import type { ApiObject } from "cdk8s";
import { compare, type Operation } from "fast-json-patch";
import { fixManifest, manifestOf } from "../_to-json";

/**
 * Changes an ApiObject as its rendered manifest: `edit` returns the new
 * manifest, which every renderer (synth and `cdk8s synth`) then shows as is.
 * Returns the change as RFC 6902 operations (for reviewers); none, and the
 * object is left alone, when the edit changes nothing.
 */
export function editManifest(object: ApiObject, edit: (manifest: Record<string, unknown>) => Record<string, unknown>): Operation[] {
  const before = manifestOf(object);
  const after = edit(structuredClone(before));
  const changes = compare(before, after);
  if (changes.length > 0) fixManifest(object, after);
  return changes;
}
