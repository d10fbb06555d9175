import * as k8s from "./imports/k8s";
import { DEFAULT_GPU_RESOURCE, type NamespaceSettings } from "../environments/schema";

type Quota = NonNullable<NamespaceSettings["quota"]>;
type LimitRangeSettings = NamespaceSettings["limitRange"];

const amount = (value: string | number) => (typeof value === "number" ? k8s.Quantity.fromNumber(value) : k8s.Quantity.fromString(value));

/**
 * The ResourceQuota's `hard`: requests, limits (apart), GPUs of every pool's resource, pods, and the entries given by name.
 * Without GPU pools a GPU amount the user wrote is kept under the default resource (GPUs an operator provides outside
 * gitops-forge), and none is written otherwise.
 */
export function quotaHard(quota: Quota, gpuResources: string[]): Record<string, k8s.Quantity> {
  const hard: Record<string, k8s.Quantity> = {};
  const gpus = gpuResources.length ? gpuResources : [DEFAULT_GPU_RESOURCE];
  const gpuRequests = quota.gpu ?? (gpuResources.length ? 0 : undefined);
  if (quota.cpu !== undefined) hard["requests.cpu"] = amount(quota.cpu);
  if (quota.memory !== undefined) hard["requests.memory"] = amount(quota.memory);
  hard.pods = amount(quota.pods);
  if (gpuRequests !== undefined) for (const r of gpus) hard[`requests.${r}`] = amount(gpuRequests);
  const limits = quota.limits;
  if (limits?.cpu !== undefined) hard["limits.cpu"] = amount(limits.cpu);
  if (limits?.memory !== undefined) hard["limits.memory"] = amount(limits.memory);
  if (limits?.gpu !== undefined) for (const r of gpus) hard[`limits.${r}`] = amount(limits.gpu);
  for (const [key, value] of Object.entries(quota.hard ?? {})) hard[key] = amount(value);
  return hard;
}

const FIELDS = ["min", "max", "default", "defaultRequest", "maxLimitRequestRatio"] as const;
type Item = NonNullable<LimitRangeSettings["limits"]>[number];

/** The LimitRange's items: the container defaults (a Container item written over them, field by field), then the other items. */
export function limitRangeItems(settings: LimitRangeSettings): k8s.LimitRangeItem[] {
  const { defaultCpu, defaultMemory, maxCpu, maxMemory, limits = [] } = settings;
  const defaults = { cpu: defaultCpu, memory: defaultMemory };
  const max = { ...(maxCpu ? { cpu: maxCpu } : {}), ...(maxMemory ? { memory: maxMemory } : {}) };
  const generated: Item = { type: "Container", default: defaults, defaultRequest: defaults, ...(Object.keys(max).length ? { max } : {}) };
  const written = limits.find((item) => item.type === "Container");
  const container: Item = { ...generated, ...Object.fromEntries(FIELDS.filter((f) => written?.[f]).map((f) => [f, { ...generated[f], ...written![f] }])) };
  return [container, ...limits.filter((item) => item !== written)].map(limitRangeItem);
}

function limitRangeItem(item: Item): k8s.LimitRangeItem {
  const fields = FIELDS.filter((f) => item[f]).map((f) => [f, Object.fromEntries(Object.entries(item[f]!).map(([k, v]) => [k, amount(v)]))]);
  return { type: item.type, ...Object.fromEntries(fields) };
}
