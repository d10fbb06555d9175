import { MODEL_URI_ANNOTATION, MODEL_VERSION_ANNOTATION } from "../../environments/format/model-reference";
import { MODEL_VOLUME } from "../../charts/serving/model-storage";

type Doc = Record<string, any>;

/**
 * What a reviewer reads about a workload's model, like its image: where it
 * comes from (the pinned URI, the claim or the image volume) and its version,
 * and the images of the init containers that pull it.
 */
export function modelFacts(template: Doc | undefined): Array<[field: string, value: unknown]> {
  const annotations = template?.metadata?.annotations ?? {};
  const volume = (template?.spec?.volumes ?? []).find((v: Doc) => v?.name === MODEL_VOLUME);
  const source =
    annotations[MODEL_URI_ANNOTATION] ??
    (volume?.persistentVolumeClaim ? `PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName}` : volume?.image ? `image ${volume.image.reference}` : undefined);
  return [
    ["model", source],
    ["model version", annotations[MODEL_VERSION_ANNOTATION]],
    ...(template?.spec?.initContainers ?? []).map((c: Doc): [string, unknown] => [`${c.name} image`, c.image]),
  ];
}

/** A claim's size, class and access modes: what a storage change costs or breaks. */
export function claimFacts(spec: Doc): Array<[field: string, value: unknown]> {
  return [
    ["storage", spec.resources?.requests?.storage],
    ["storageClass", spec.storageClassName],
    ["accessModes", spec.accessModes?.join(", ")],
  ];
}
