import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTOR_CONFIG } from '../backends/backends.js';

/**
 * The Grafana dashboard in collector-config/grafana/dashboards/ and the
 * PromQL it runs: which metrics and which labels each query reads, so tests
 * can hold them against the metrics the Collector really exposes.
 */

export const DASHBOARD_FILE = join(COLLECTOR_CONFIG, 'grafana/dashboards/agent-otel.json');

export interface DashboardTarget {
  refId?: string;
  expr?: string;
  query?: string;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { h: number; w: number; x: number; y: number };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: DashboardPanel[];
  templating: { list: Array<{ name: string; type: string; datasource?: { uid?: string }; query: { query: string } | string }> };
  links?: Array<{ url: string }>;
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

export interface PromQuery {
  /** Panel title, or `$name` for a template variable. */
  panel: string;
  expr: string;
  metrics: string[];
  labels: string[];
}

/** Every panel of the dashboard, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): DashboardPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** The metric names (agent_otel_*) and the label names (matchers, by/without lists, label_values) of a PromQL expression. */
export function promqlNames(expr: string): { metrics: string[]; labels: string[] } {
  const metrics = new Set(expr.match(/\bagent_otel_[a-z0-9_]+\b/g) ?? []);
  const labels = new Set<string>();
  for (const selector of expr.matchAll(/\{([^}]*)\}/g)) {
    for (const matcher of selector[1]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) labels.add(matcher[1]!);
  }
  for (const list of expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const name of list[1]!.split(',').map((s) => s.trim())) if (name !== '' && !PROMQL_WORDS.has(name)) labels.add(name);
  }
  for (const call of expr.matchAll(/label_values\(\s*[a-z0-9_]+\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)/g)) labels.add(call[1]!);
  return { metrics: [...metrics].sort(), labels: [...labels].filter((l) => l !== 'le').sort() };
}

/** Every PromQL expression of the dashboard: panel targets on the Prometheus data source and the template variables. */
export function dashboardQueries(dashboard: Dashboard): PromQuery[] {
  const queries: PromQuery[] = [];
  for (const panel of allPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      const source = target.datasource ?? panel.datasource;
      if (source?.type !== 'prometheus' || target.expr === undefined) continue;
      queries.push({ panel: panel.title, expr: target.expr, ...promqlNames(target.expr) });
    }
  }
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const expr = typeof variable.query === 'string' ? variable.query : variable.query.query;
    queries.push({ panel: `$${variable.name}`, expr, ...promqlNames(expr) });
  }
  return queries;
}
