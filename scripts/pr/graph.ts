import { grantsOf, peerMatches, peerText, workloadsMatching, type Grant, type NetworkView, type Workload } from "./network";

/**
 * Who may call whom in an environment, before and after a change, drawn as a
 * Mermaid flowchart (GitHub renders it): services grouped by namespace, an
 * arrow where the caller's egress and the callee's ingress both allow the
 * call, arrows from and to what lies outside (ingress controller, monitoring,
 * DNS, external addresses). What the change adds or removes is highlighted.
 */
export type State = "added" | "removed" | "changed" | "same";

export interface GraphNode {
  key: string;
  label: string;
  /** Namespace of a service; undefined for what lies outside the environment's services. */
  namespace?: string;
  state: State;
}

export interface GraphEdge {
  from: string;
  to: string;
  state: Exclude<State, "changed">;
}

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Services left out of a large environment's diagram (only changed services and their neighbours are drawn). */
  omitted: number;
}

/** Above this many services only changed ones (at most this many) and their neighbours are drawn. */
const MAX_SERVICES = 40;

const keyOf = (w: Workload) => `w:${w.namespace}/${w.name}`;

/** `changed`: "namespace/name" of the services whose files the change touches. */
export function serviceGraph(before: NetworkView, after: NetworkView, changed: Set<string>): ServiceGraph {
  const all = new Map<string, Workload>();
  for (const view of [before, after]) for (const w of view.workloads.values()) all.set(keyOf(w), w);
  const touched = (w: Workload) => changed.has(`${w.namespace}/${w.name}`) || !before.workloads.has(w.key) || !after.workloads.has(w.key);
  // A large environment: its changed services, at most MAX_SERVICES of them, so the diagram stays readable and small.
  const focused = all.size <= MAX_SERVICES ? undefined : new Set([...all.values()].filter(touched).map(keyOf).sort().slice(0, MAX_SERVICES));
  const focus = (w: Workload) => focused === undefined || focused.has(keyOf(w));
  const old = edgesOf(before, focus);
  const now = edgesOf(after, focus);
  const edges: GraphEdge[] = [];
  for (const [key, [from, to]] of now) edges.push({ from, to, state: old.has(key) ? "same" : "added" });
  for (const [key, [from, to]] of old) if (!now.has(key)) edges.push({ from, to, state: "removed" });

  const drawn = new Set(edges.flatMap((e) => [e.from, e.to]));
  for (const w of all.values()) if (focus(w)) drawn.add(keyOf(w));
  const nodes: GraphNode[] = [];
  for (const key of [...drawn].sort()) {
    if (key.startsWith("ns:")) continue;
    const w = all.get(key);
    if (w) {
      const state: State = !before.workloads.has(w.key) ? "added" : !after.workloads.has(w.key) ? "removed" : touched(w) ? "changed" : "same";
      nodes.push({ key, label: w.name, namespace: w.namespace, state });
    } else {
      const uses = edges.filter((e) => e.from === key || e.to === key);
      const state = uses.every((e) => e.state === "added") ? "added" : uses.every((e) => e.state === "removed") ? "removed" : "same";
      nodes.push({ key, label: key.slice(2), state });
    }
  }
  return { nodes, edges, omitted: [...all.values()].filter((w) => !drawn.has(keyOf(w))).length };
}

/** "from\0to" → [from, to] for every call the view allows, seen from the focused services. */
function edgesOf(view: NetworkView, focus: (w: Workload) => boolean): Map<string, [string, string]> {
  const edges = new Map<string, [string, string]>();
  const add = (from: string, to: string) => edges.set(`${from}\0${to}`, [from, to]);
  const memo = new Map<string, Grant[]>();
  const grants = (w: Workload, direction: "ingress" | "egress") => {
    const key = `${direction} ${w.key}`;
    if (!memo.has(key)) memo.set(key, grantsOf(view, w, direction));
    return memo.get(key)!;
  };
  const allows = (list: Grant[], other: Workload, namespace: string) => list.some((g) => peerMatches(view, g.peer, namespace, other));
  for (const w of view.workloads.values()) {
    if (!focus(w)) continue;
    const egress = grants(w, "egress");
    const ingress = grants(w, "ingress");
    const outside = (g: Grant, port: boolean) => `x:${peerText(g.peer, w.namespace)}${port && g.peer.type === "cidr" && g.port !== "all ports" ? ` :${g.port.replace(/\/TCP$/, "")}` : ""}`;
    for (const g of egress) {
      const targets = workloadsMatching(view, g.peer, w.namespace);
      for (const t of targets) if (t.key !== w.key && allows(grants(t, "ingress"), w, t.namespace)) add(keyOf(w), keyOf(t));
      if (targets.length === 0) add(g.namespaceWide ? `ns:${w.namespace}` : keyOf(w), outside(g, true));
    }
    for (const g of ingress) {
      const sources = workloadsMatching(view, g.peer, w.namespace);
      for (const s of sources) if (s.key !== w.key && allows(grants(s, "egress"), w, s.namespace)) add(keyOf(s), keyOf(w));
      if (sources.length === 0) add(outside(g, false), g.namespaceWide ? `ns:${w.namespace}` : keyOf(w));
    }
  }
  return edges;
}

const STYLE = {
  added: "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#0d2818",
  removed: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 4,color:#4b0d0d",
  changed: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#3b2300",
};
const LINK_STYLE = { added: "stroke:#1a7f37,stroke-width:3px", removed: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 4" };

/** The graph as Mermaid flowchart text; ids are generated, names only appear in quoted labels. */
export function mermaidFlowchart(graph: ServiceGraph): string {
  const ids = new Map<string, string>();
  const namespaces = [...new Set(graph.nodes.map((n) => n.namespace).filter((n): n is string => !!n))].sort();
  namespaces.forEach((ns, i) => ids.set(`ns:${ns}`, `ns${i + 1}`));
  graph.nodes.forEach((n, i) => ids.set(n.key, `n${i + 1}`));
  const lines = ["flowchart LR"];
  for (const ns of namespaces) {
    lines.push(`  subgraph ${ids.get(`ns:${ns}`)}["${label(`namespace ${ns}`)}"]`);
    for (const n of graph.nodes.filter((x) => x.namespace === ns)) lines.push(`    ${ids.get(n.key)}["${label(n.label)}"]`);
    lines.push("  end");
  }
  for (const n of graph.nodes.filter((x) => !x.namespace)) lines.push(`  ${ids.get(n.key)}(["${label(n.label)}"])`);
  graph.edges.forEach((e) => {
    const arrow = e.state === "added" ? "==>|added|" : e.state === "removed" ? "-.->|removed|" : "-->";
    lines.push(`  ${ids.get(e.from)} ${arrow} ${ids.get(e.to)}`);
  });
  for (const state of ["added", "removed", "changed"] as const) {
    const members = graph.nodes.filter((n) => n.state === state).map((n) => ids.get(n.key));
    if (members.length === 0) continue;
    lines.push(`  classDef ${state} ${STYLE[state]}`);
    lines.push(`  class ${members.join(",")} ${state}`);
  }
  graph.edges.forEach((e, i) => {
    if (e.state !== "same") lines.push(`  linkStyle ${i} ${LINK_STYLE[e.state]}`);
  });
  return lines.join("\n");
}

/** Mermaid label text: quotes and backticks (a code fence) become entities Mermaid decodes. */
function label(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/`/g, "#96;");
}
