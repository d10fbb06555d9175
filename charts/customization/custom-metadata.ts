/**
 * The team's own labels and annotations: the environment's on every object
 * and pod template, a service's on its objects and pod template. Generated
 * labels stay authoritative (the loader refuses keys gitops-forge sets), so
 * selectors never change.
 */
import type { ApiObject } from "cdk8s";
import type { ResolvedEnvironment } from "../../environments/schema";
import { NAME_LABEL } from "../labels";
import { editManifest } from "./edit-manifest";

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> };

export function applyCustomMetadata(env: ResolvedEnvironment, objects: readonly ApiObject[]): void {
  const services = new Map(env.services.map((s) => [s.name, s]));
  for (const object of objects) {
    const svc = services.get(object.metadata.getLabel(NAME_LABEL) ?? "");
    const own: Meta = { labels: { ...env.commonLabels, ...svc?.labels }, annotations: { ...env.commonAnnotations, ...svc?.annotations } };
    const pod: Meta = { labels: { ...own.labels, ...svc?.podLabels }, annotations: { ...own.annotations, ...svc?.podAnnotations } };
    const podTemplate = templatePath(object.kind);
    if (isEmpty(own) && (!podTemplate || isEmpty(pod))) continue;
    for (const [key, value] of Object.entries(own.labels!)) object.metadata.addLabel(key, value);
    for (const [key, value] of Object.entries(own.annotations!)) object.metadata.addAnnotation(key, value);
    if (podTemplate && !isEmpty(pod)) {
      editManifest(object, (manifest) => {
        const template = podTemplate.reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, manifest);
        if (template) {
          const metadata = (template.metadata ??= {}) as Meta;
          metadata.labels = { ...pod.labels, ...metadata.labels };
          metadata.annotations = { ...pod.annotations, ...metadata.annotations };
          if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
        }
        return manifest;
      });
    }
  }
}

/** Where a workload kind keeps its pod template. */
function templatePath(kind: string): string[] | undefined {
  if (kind === "CronJob") return ["spec", "jobTemplate", "spec", "template"];
  return ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Rollout"].includes(kind) ? ["spec", "template"] : undefined;
}

const isEmpty = (meta: Meta) => Object.keys(meta.labels ?? {}).length === 0 && Object.keys(meta.annotations ?? {}).length === 0;
