import { asArray, isObj, stringMap, type Obj, type Resource } from "./resources";

/** A label selector in either form: a plain map (Service) or matchLabels/matchExpressions. */
interface Selector {
  matchLabels: Record<string, string>;
  matchExpressions: Array<{ key: string; operator: string; values: string[] }>;
}

export function mapSelector(value: unknown): Selector {
  return { matchLabels: stringMap(value), matchExpressions: [] };
}

export function labelSelector(value: unknown): Selector {
  const obj: Obj = isObj(value) ? value : {};
  return {
    matchLabels: stringMap(obj.matchLabels),
    matchExpressions: asArray(obj.matchExpressions).filter(isObj).map((e) => ({
      key: String(e.key ?? ""),
      operator: String(e.operator ?? ""),
      values: asArray(e.values).map(String),
    })),
  };
}

export function isEmptySelector(selector: Selector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

export function matches(labels: Record<string, string>, selector: Selector): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    if (e.operator === "In" && !(has && e.values.includes(value!))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(value!)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/**
 * Resources of one run indexed by namespace, kind, name and labels, so that
 * cross-resource rules look up candidates instead of comparing all pairs.
 */
export class ResourceIndex {
  readonly all: Resource[];
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byNamespaceKind = new Map<string, Resource[]>();
  private readonly byName = new Map<string, Resource>();
  /** Workloads by namespace and pod label pair. */
  private readonly podsByLabel = new Map<string, Resource[]>();
  private readonly workloadsByNamespace = new Map<string, Resource[]>();
  /** Objects of a kind by namespace and metadata label pair, built for a kind on first use. */
  private readonly byLabel = new Map<string, Resource[]>();
  private readonly labelIndexedKinds = new Set<string>();

  constructor(resources: Resource[]) {
    this.all = resources;
    for (const r of resources) {
      push(this.byKind, r.ref.kind, r);
      push(this.byNamespaceKind, `${r.namespace}\0${r.ref.kind}`, r);
      this.byName.set(`${r.namespace}\0${r.ref.kind}\0${r.ref.name}`, r);
      if (r.podLabels) {
        push(this.workloadsByNamespace, r.namespace, r);
        for (const [k, v] of Object.entries(r.podLabels)) push(this.podsByLabel, `${r.namespace}\0${k}=${v}`, r);
      }
    }
  }

  ofKind(kind: string): Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  inNamespace(namespace: string, kind: string): Resource[] {
    return this.byNamespaceKind.get(`${namespace}\0${kind}`) ?? [];
  }

  named(namespace: string, kind: string, name: string): Resource | undefined {
    return this.byName.get(`${namespace}\0${kind}\0${name}`);
  }

  /** Workloads (and Pods) in a namespace whose pod labels the selector selects. */
  workloadsSelectedBy(namespace: string, selector: Selector): Resource[] {
    const candidates = this.narrow(this.podsByLabel, `${namespace}\0`, selector) ?? this.workloadsByNamespace.get(namespace) ?? [];
    return candidates.filter((r) => matches(r.podLabels ?? {}, selector));
  }

  /** Objects of a kind in a namespace whose own labels the selector selects. */
  objectsSelectedBy(namespace: string, kind: string, selector: Selector): Resource[] {
    if (!this.labelIndexedKinds.has(kind)) {
      this.labelIndexedKinds.add(kind);
      for (const r of this.ofKind(kind)) for (const [k, v] of Object.entries(r.labels)) push(this.byLabel, `${r.namespace}\0${kind}\0${k}=${v}`, r);
    }
    const candidates = this.narrow(this.byLabel, `${namespace}\0${kind}\0`, selector) ?? this.inNamespace(namespace, kind);
    return candidates.filter((r) => matches(r.labels, selector));
  }

  /** The smallest candidate list among the selector's label pairs, or undefined without pairs. */
  private narrow(map: Map<string, Resource[]>, prefix: string, selector: Selector): Resource[] | undefined {
    let best: Resource[] | undefined;
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      const list = map.get(`${prefix}${k}=${v}`) ?? [];
      if (!best || list.length < best.length) best = list;
    }
    return best;
  }
}

function push<K>(map: Map<K, Resource[]>, key: K, r: Resource): void {
  const list = map.get(key);
  if (list) list.push(r);
  else map.set(key, [r]);
}
