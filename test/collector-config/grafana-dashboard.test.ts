import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_CONFIG } from '../support/backends/backends.js';
import { configuredMetrics } from '../support/expectations/agent-metrics-config.js';
import { allPanels, dashboardQueries, loadDashboard, promqlNames } from '../support/expectations/grafana-dashboard.js';

/**
 * collector-config/grafana/dashboards/agent-otel.json: a dashboard Grafana can
 * load (structure, data sources that are provisioned, a layout on its 24
 * columns), whose PromQL reads only metrics and labels that
 * agent-otel-metrics.yaml produces (derived from that configuration; the
 * end-to-end test holds the same queries against the real Collector's
 * endpoint), and that reaches the traces.
 */
const dashboard = loadDashboard();
const datasources = (
  load(readFileSync(join(COLLECTOR_CONFIG, 'grafana/provisioning/datasources/datasources.yaml'), 'utf8')) as {
    datasources: Array<{ uid: string; type: string }>;
  }
).datasources;

describe('Grafana dashboard agent-otel.json', () => {
  it('has the fields Grafana needs, unique panel ids and a layout within 24 columns', () => {
    expect(dashboard.uid).toBe('agent-otel');
    expect(typeof dashboard.title).toBe('string');
    expect(Number.isInteger(dashboard.schemaVersion)).toBe(true);
    const panels = allPanels(dashboard);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels) {
      expect(panel.gridPos, panel.title).toBeDefined();
      const { x, y, w, h } = panel.gridPos!;
      expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, `${panel.title}: ${JSON.stringify(panel.gridPos)}`).toBe(true);
      if (panel.type === 'row') continue;
      expect(panel.targets?.length, `${panel.title}: queries`).toBeGreaterThan(0);
      const refIds = panel.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, `${panel.title}: refIds`).toBe(refIds.length);
    }
    // No two panels on the same cells.
    const cells = new Set<string>();
    for (const { gridPos, title } of panels) {
      for (let x = gridPos!.x; x < gridPos!.x + gridPos!.w; x++) {
        for (let y = gridPos!.y; y < gridPos!.y + gridPos!.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('uses only provisioned data sources, by uid and type', () => {
    const byUid = new Map(datasources.map((d) => [d.uid, d.type]));
    const used = [...allPanels(dashboard).flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]), ...dashboard.templating.list.map((v) => v.datasource)];
    for (const source of used.filter((s) => s !== undefined)) expect(byUid.get(source.uid ?? ''), JSON.stringify(source)).toBe((source as { type?: string }).type);
  });

  it('queries only metrics and labels agent-otel-metrics.yaml produces', () => {
    const produced = configuredMetrics();
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThanOrEqual(15);
    const metricsUsed = new Set<string>();
    for (const query of queries) {
      expect(query.metrics.length, `${query.panel}: ${query.expr}`).toBeGreaterThan(0);
      for (const metric of query.metrics) {
        expect(produced.has(metric), `${query.panel}: ${metric}`).toBe(true);
        metricsUsed.add(metric);
      }
      for (const label of query.labels) expect(query.metrics.some((m) => produced.get(m)?.has(label)), `${query.panel}: label ${label}`).toBe(true);
    }
    // Calls, failures, durations, tokens (input, output, cache, reasoning), cost and unpriced calls all shown.
    expect([...produced.keys()].filter((m) => !metricsUsed.has(m) && !/_duration_milliseconds_(sum|count)$/.test(m))).toEqual([]);
  });

  it('PromQL is balanced and its variables are defined', () => {
    const variables = new Set(['__rate_interval', '__interval', '__range', ...dashboard.templating.list.map((v) => v.name)]);
    for (const { panel, expr } of dashboardQueries(dashboard)) {
      let depth = 0;
      for (const c of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
        if ('({['.includes(c)) depth++;
        if (')}]'.includes(c)) depth--;
        expect(depth, `${panel}: ${expr}`).toBeGreaterThanOrEqual(0);
      }
      expect(depth, `${panel}: ${expr}`).toBe(0);
      for (const [, name] of expr.matchAll(/\$(\w+)/g)) expect(variables.has(name!), `${panel}: $${name}`).toBe(true);
    }
  });

  it('reads metric and label names out of PromQL', () => {
    expect(promqlNames('sum by (le, gen_ai_tool_name) (rate(agent_otel_x_bucket{a="1", b=~"$v"}[5m])) / agent_otel_y_total')).toEqual({
      metrics: ['agent_otel_x_bucket', 'agent_otel_y_total'],
      labels: ['a', 'b', 'gen_ai_tool_name'],
    });
  });

  it('reaches the traces: a Tempo panel of agent sessions and a link to Jaeger', () => {
    const tempo = allPanels(dashboard).filter((p) => p.datasource?.type === 'tempo');
    expect(tempo.length).toBeGreaterThan(0);
    expect(tempo.flatMap((p) => p.targets ?? []).some((t) => t.query?.includes('invoke_agent'))).toBe(true);
    expect(dashboard.links?.some((l) => l.url.startsWith('http://localhost:16686'))).toBe(true);
    // Duration panels carry exemplars, which the Prometheus data source sends to Tempo.
    const prometheus = datasources.find((d) => d.type === 'prometheus') as { jsonData?: { exemplarTraceIdDestinations?: Array<{ datasourceUid: string }> } };
    expect(prometheus.jsonData?.exemplarTraceIdDestinations?.map((d) => d.datasourceUid)).toEqual([datasources.find((d) => d.type === 'tempo')!.uid]);
  });
});
