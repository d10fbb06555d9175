/**
 * Grafana dashboard JSON (schemaVersion 39): time-series panels laid out two
 * to a row, every query on the `datasource` variable's Prometheus, and every
 * query checked by the same PromQL parser and type checker as the alerts.
 * Pure and deterministic: the same panels give the same bytes.
 */
import { promQLProblem } from "./promql";

export interface PanelQuery {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  title: string;
  unit: string;
  queries: PanelQuery[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  tags: string[];
  panels: PanelSpec[];
}

const DATASOURCE = { type: "prometheus", uid: "${datasource}" };
const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const WIDTH = 12;
const HEIGHT = 8;

/** The first query of `panels` that is not valid PromQL, with why. */
export function invalidQuery(panels: readonly PanelSpec[]): { panel: PanelSpec; expr: string; message: string } | undefined {
  for (const panel of panels) {
    for (const { expr } of panel.queries) {
      const problem = promQLProblem(expr);
      if (problem) return { panel, expr, message: `${problem.message} at character ${problem.offset + 1}` };
    }
  }
  return undefined;
}

/** The dashboard as Grafana imports it; throws on a query that does not parse (built-in panels must). */
export function dashboardJson(spec: DashboardSpec): string {
  const invalid = invalidQuery(spec.panels);
  if (invalid) throw new Error(`dashboard ${spec.uid}, panel "${invalid.panel.title}": invalid PromQL (${invalid.message}): ${invalid.expr}`);
  const dashboard = {
    uid: spec.uid,
    title: spec.title,
    tags: spec.tags,
    editable: false,
    schemaVersion: 39,
    version: 1,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    timezone: "utc",
    templating: {
      list: [{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus", hide: 0, current: {} }],
    },
    annotations: { list: [] },
    panels: spec.panels.map((panel, i) => ({
      id: i + 1,
      type: "timeseries",
      title: panel.title,
      datasource: DATASOURCE,
      gridPos: { x: (i % 2) * WIDTH, y: Math.floor(i / 2) * HEIGHT, w: WIDTH, h: HEIGHT },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      options: { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi", sort: "none" } },
      targets: panel.queries.map((q, j) => ({ refId: REF_IDS[j] ?? `Q${j}`, datasource: DATASOURCE, expr: q.expr, legendFormat: q.legend })),
    })),
  };
  // One panel per line (like the promtool test files): a third of the text of
  // indented JSON, and a diff still shows which panel changed.
  const { panels, ...head } = dashboard;
  const top = JSON.stringify(head);
  return `${top.slice(0, -1)},\n"panels": [\n${panels.map((p) => JSON.stringify(p)).join(",\n")}\n]}\n`;
}
