import { JsonPatch, type ApiObject } from "cdk8s";
import { compare, type Operation } from "fast-json-patch";
import { manifestOf } from "../_to-json";

/**
 * Changes an ApiObject as its rendered manifest: `edit` returns the new
 * manifest, and the difference is recorded as RFC 6902 operations on the
 * object, so every renderer (synth and `cdk8s synth`) shows the same result.
 */
export function editManifest(object: ApiObject, edit: (manifest: Record<string, unknown>) => Record<string, unknown>): Operation[] {
  const before = manifestOf(object);
  const changes = compare(before, edit(structuredClone(before)));
  if (changes.length > 0) object.addJsonPatch(...changes.map(toCdk8sPatch));
  return changes;
}

function toCdk8sPatch(op: Operation): JsonPatch {
  switch (op.op) {
    case "add":
      return JsonPatch.add(op.path, op.value);
    case "replace":
      return JsonPatch.replace(op.path, op.value);
    case "remove":
      return JsonPatch.remove(op.path);
    default:
      // compare() only emits add, replace and remove.
      throw new Error(`unexpected operation ${op.op}`);
  }
}
