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
 * One namespace's resources: by kind, by name and by label (both built per
 * kind on first lookup), and its workloads by pod label.
 */
interface NamespaceIndex {
  byKind: Map<string, Resource[]>;
  byName: Map<string, Map<string, Resource>>;
  workloads: Resource[];
  podsByLabel: LabelIndex;
  objectsByLabel: Map<string, LabelIndex>;
}

/**
 * Resources of one run indexed by namespace, kind, name and labels, so that
 * cross-resource rules look up candidates instead of comparing all pairs.
 */
export class ResourceIndex {
  readonly all: Resource[];
  private readonly byKind = new Map<string, Resource[]>();
  private readonly namespaces = new Map<string, NamespaceIndex>();
  /** Answers for selectors without label pairs, by namespace, kind and selector. */
  private readonly selections = new Map<string, Resource[]>();

  constructor(resources: Resource[]) {
    this.all = resources;
    for (const r of resources) {
      push(this.byKind, r.ref.kind, r);
      let ns = this.namespaces.get(r.namespace);
      if (!ns) this.namespaces.set(r.namespace, (ns = { byKind: new Map(), byName: new Map(), workloads: [], podsByLabel: new Map(), objectsByLabel: new Map() }));
      push(ns.byKind, r.ref.kind, r);
      if (r.podLabels) {
        ns.workloads.push(r);
        addLabels(ns.podsByLabel, r.podLabels, r);
      }
    }
  }

  ofKind(kind: string): Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  inNamespace(namespace: string, kind: string): Resource[] {
    return this.namespaces.get(namespace)?.byKind.get(kind) ?? [];
  }

  /** The object of a kind with that name in a namespace (the last one, if the input holds it twice). */
  named(namespace: string, kind: string, name: string): Resource | undefined {
    const ns = this.namespaces.get(namespace);
    if (!ns) return undefined;
    let names = ns.byName.get(kind);
    if (!names) {
      names = new Map();
      for (const r of ns.byKind.get(kind) ?? []) names.set(r.ref.name, r);
      ns.byName.set(kind, names);
    }
    return names.get(name);
  }

  /** Workloads (and Pods) in a namespace whose pod labels the selector selects (may be a shared list: read only). */
  workloadsSelectedBy(namespace: string, selector: Selector): Resource[] {
    const ns = this.namespaces.get(namespace);
    if (!ns) return [];
    const selects = (r: Resource) => matches(r.podLabels ?? {}, selector);
    return narrow(ns.podsByLabel, selector)?.filter(selects) ?? this.wholeNamespace(`pods\0${namespace}`, selector, () => ns.workloads.filter(selects));
  }

  /** Objects of a kind in a namespace whose own labels the selector selects (may be a shared list: read only). */
  objectsSelectedBy(namespace: string, kind: string, selector: Selector): Resource[] {
    const ns = this.namespaces.get(namespace);
    if (!ns) return [];
    let byLabel = ns.objectsByLabel.get(kind);
    if (!byLabel) {
      byLabel = new Map();
      for (const r of ns.byKind.get(kind) ?? []) addLabels(byLabel, r.labels, r);
      ns.objectsByLabel.set(kind, byLabel);
    }
    const selects = (r: Resource) => matches(r.labels, selector);
    return narrow(byLabel, selector)?.filter(selects) ?? this.wholeNamespace(`objects\0${namespace}\0${kind}`, selector, () => this.inNamespace(namespace, kind).filter(selects));
  }

  /**
   * A selector without label pairs (empty, or expressions only) has the whole
   * namespace as candidates; its answer is kept, as several rules ask for it.
   */
  private wholeNamespace(scope: string, selector: Selector, compute: () => Resource[]): Resource[] {
    const key = `${scope}\0${selectorKey(selector)}`;
    let found = this.selections.get(key);
    if (!found) this.selections.set(key, (found = compute()));
    return found;
  }
}

/** Resources by label key and value. */
type LabelIndex = Map<string, Map<string, Resource[]>>;

function addLabels(index: LabelIndex, labels: Record<string, string>, r: Resource): void {
  for (const k in labels) {
    let byValue = index.get(k);
    if (!byValue) index.set(k, (byValue = new Map()));
    push(byValue, labels[k]!, r);
  }
}

/** The smallest candidate list among the selector's label pairs, or undefined without pairs. */
function narrow(index: LabelIndex, selector: Selector): Resource[] | undefined {
  let best: Resource[] | undefined;
  for (const k in selector.matchLabels) {
    const list = index.get(k)?.get(selector.matchLabels[k]!) ?? [];
    if (!best || list.length < best.length) best = list;
  }
  return best;
}

/** A selector's expressions as text (it has no label pairs); length prefixes keep arbitrary keys and values apart. */
function selectorKey(selector: Selector): string {
  let key = "";
  for (const e of selector.matchExpressions) key += `|${part(e.key)}${part(e.operator)}${e.values.map(part).join("")}`;
  return key;
}

function part(text: string): string {
  return `${text.length}:${text}`;
}

function push<K>(map: Map<K, Resource[]>, key: K, r: Resource): void {
  const list = map.get(key);
  if (list) list.push(r);
  else map.set(key, [r]);
}
