/**
 * A namespace of the environment: its labels and annotations, an optional
 * ResourceQuota (requests and limits apart, GPUs, storage, object counts) and
 * its LimitRange (container defaults, and min/max/ratio items for containers,
 * pods and PersistentVolumeClaims as Kubernetes writes them).
 */
import { Type, type Static } from "@sinclair/typebox";
import type { At, Report } from "./checking";
import { parseQuantity } from "../source/quantity";
import { Choice, LabelMap, Quantity, Strict, StringMap } from "./primitives";
import { NamespaceObjectNames } from "./object-names";

const Amount = (description: string) => Type.Union([Type.Integer({ minimum: 0 }), Quantity(description)], { description });

const Quota = Strict(
  {
    cpu: Type.Optional(Quantity("total CPU requests (requests.cpu)")),
    memory: Type.Optional(Quantity("total memory requests (requests.memory)")),
    gpu: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: "total GPUs requested (requests.<resource> of every GPU pool, requests.nvidia.com/gpu without pools); default 0 where the environment has GPU pools",
      }),
    ),
    pods: Type.Integer({ minimum: 1, default: 500 }),
    limits: Type.Optional(
      Strict(
        {
          cpu: Type.Optional(Quantity("total CPU limits (limits.cpu)")),
          memory: Type.Optional(Quantity("total memory limits (limits.memory)")),
          gpu: Type.Optional(Type.Integer({ minimum: 0, description: "total GPU limits (limits.<resource> of every GPU pool, limits.nvidia.com/gpu without pools)" })),
        },
        { description: "totals of the containers' limits, apart from the requests" },
      ),
    ),
    hard: Type.Optional(
      Type.Record(
        Type.String({ pattern: "^(count/[a-z0-9.-]+|[a-z0-9.-]+(/[a-z0-9.-]+)?)$" }),
        Amount("amount or count"),
        {
          description:
            "more ResourceQuota entries by their Kubernetes names: persistentvolumeclaims, requests.storage, services.loadbalancers, services.nodeports, count/deployments.apps, ...",
        },
      ),
    ),
  },
  { description: "the namespace's ResourceQuota; without one the namespace-resource-quota policy warns" },
);

const ResourceList = (description: string) => Type.Record(Type.String({ pattern: "^[a-z0-9.-]+(/[a-z0-9.-]+)?$" }), Amount("amount"), { description });

const LimitRangeItem = Strict({
  type: Choice(["Container", "Pod", "PersistentVolumeClaim"] as const),
  min: Type.Optional(ResourceList("smallest amount allowed")),
  max: Type.Optional(ResourceList("largest amount allowed")),
  default: Type.Optional(ResourceList("limits of a container that sets none (Container only)")),
  defaultRequest: Type.Optional(ResourceList("requests of a container that sets none (Container only)")),
  maxLimitRequestRatio: Type.Optional(ResourceList("largest limit-to-request ratio")),
});

const LimitRange = Strict(
  {
    defaultCpu: Quantity("default CPU request and limit for containers that set none", "250m"),
    defaultMemory: Quantity("default memory request and limit", "256Mi"),
    maxCpu: Type.Optional(Quantity("largest CPU limit of one container")),
    maxMemory: Type.Optional(Quantity("largest memory limit of one container")),
    limits: Type.Optional(
      Type.Array(LimitRangeItem, {
        description: "LimitRange items as Kubernetes writes them; a Container item adds to (and wins over) the defaults above",
      }),
    ),
  },
  { default: { defaultCpu: "250m", defaultMemory: "256Mi" } },
);

/** Labels the namespace baseline owns: Pod Security stays `restricted`, the name label is the API server's. */
const RESERVED_LABEL = /^(pod-security\.kubernetes\.io\/|kubernetes\.io\/metadata\.name$)/;

export const NamespaceConfig = Strict({
  owned: Type.Boolean({
    default: true,
    description: "false: an existing or shared namespace; it gets no Namespace, quota, LimitRange or default-deny from gitops-forge, only the services' own objects",
  }),
  labels: Type.Optional(LabelMap("labels of the Namespace (e.g. what other teams' namespaceSelectors match)")),
  annotations: Type.Optional(StringMap("annotations of the Namespace")),
  quota: Type.Optional(Quota),
  limitRange: LimitRange,
  names: Type.Optional(NamespaceObjectNames),
});

export type NamespaceSettings = Static<typeof NamespaceConfig>;

/** What Kubernetes would refuse or the baseline owns, found before anything is written. */
export function checkNamespace(settings: NamespaceSettings, at: At, report: Report): void {
  for (const key of Object.keys(settings.labels ?? {})) {
    if (RESERVED_LABEL.test(key)) report(at("labels", key), `"${key}" is set by gitops-forge (Pod Security stays restricted) or the API server`);
  }
  for (const key of Object.keys(settings.quota?.hard ?? {})) {
    if (/^(requests\.|limits\.)?(cpu|memory)$|^pods$|^(requests|limits)\.nvidia\.com\/gpu$/.test(key)) {
      report(at("quota", "hard", key), `"${key}" has its own field: use quota.cpu, memory, gpu, pods or limits`);
    }
  }
  settings.limitRange.limits?.forEach((item, i) => {
    if (item.type !== "Container" && (item.default || item.defaultRequest)) {
      report(at("limitRange", "limits", i, item.default ? "default" : "defaultRequest"), `only Container items take defaults (this one is ${item.type})`);
    }
    for (const [low, high] of [["min", "max"], ["defaultRequest", "default"], ["min", "defaultRequest"], ["default", "max"]] as const) {
      for (const [resource, amount] of Object.entries(item[low] ?? {})) {
        const bound = item[high]?.[resource];
        if (bound !== undefined && parseQuantity(amount) > parseQuantity(bound)) {
          report(at("limitRange", "limits", i, low, resource), `must be <= ${high}.${resource} (${bound})`);
        }
      }
    }
  });
}
