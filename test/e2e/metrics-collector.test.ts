import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePorts, printLogsOnFailure, REPO, startCollector, startJaeger, waitForJaegerTrace } from '../support/backends/backends.js';
import { useE2eSuite } from '../support/backends/e2e-suite.js';
import { scrapeCreated } from '../support/backends/prometheus-proto.js';
import { scrapeUntil, seriesKey, type Sample } from '../support/backends/prometheus-text.js';
import { configuredMetrics } from '../support/expectations/agent-metrics-config.js';
import { DURATION_BUCKETS_MS, expectedAgentMetrics, type ExpectedAgentMetrics } from '../support/expectations/agent-metrics-expected.js';
import { dashboardQueries, loadDashboard } from '../support/expectations/grafana-dashboard.js';
import { cli } from '../support/runs/cli.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';

/**
 * collector-config/agent-otel-metrics.yaml in the real Collector, combined
 * with agent-otel-to-jaeger.yaml as docker-compose.yaml runs them: the
 * project's fixtures (every format: several agents, tool calls that fail,
 * model calls with tokens and cost) are sent with `agent-otel convert
 * --endpoint` in two runs, and after each run the Collector's Prometheus
 * endpoint must show, series by series, the calls, errors, duration
 * histograms, token sums and cost sums computed here from the JSONL the runs
 * wrote. The second run adds to series of the first, so the totals are shown
 * to add up across batches.
 */
const { tempDir, backends: suiteBackends } = useE2eSuite('e2e: span metrics -> Prometheus endpoint');

const FIXTURES = join(REPO, 'test/fixtures');

/** Every fixture folder (or file) of every format, split in two: the 1st, 3rd... of each format, then the others. */
function fixtureHalves(): [string[], string[]] {
  const halves: [string[], string[]] = [[], []];
  for (const format of readdirSync(FIXTURES).sort()) {
    readdirSync(join(FIXTURES, format))
      .sort()
      .forEach((child, i) => halves[i % 2]!.push(join(FIXTURES, format, child)));
  }
  return halves;
}

/** A scraped label set without `job` (the exporter's copy of service.name, checked equal) and without empty labels. */
function labelsOf(sample: Sample, omit: readonly string[] = []): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(sample.labels)) if (name !== 'job' && value !== '' && !omit.includes(name)) labels[name] = value;
  return labels;
}

function byKey(samples: Sample[], name: string, omit: readonly string[] = []): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of samples.filter((x) => x.name === name)) {
    const key = seriesKey(labelsOf(s, omit));
    expect(map.has(key), `${name}: one series per label set (${key})`).toBe(false);
    map.set(key, s.value);
  }
  return map;
}

const total = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** Every call counted, and every token and cost sum at its total: the Collector has caught up. */
function caughtUp(expected: ExpectedAgentMetrics): (samples: Sample[]) => boolean {
  return (samples) => {
    const sumOf = (name: string) => total(samples.filter((s) => s.name === name).map((s) => s.value));
    if (sumOf('agent_otel_calls_total') !== total(expected.calls.values())) return false;
    if (sumOf('agent_otel_duration_milliseconds_count') !== total(expected.calls.values())) return false;
    for (const [name, series] of expected.sums) if (Math.abs(sumOf(name) - total(series.values())) > 1e-9 * Math.max(1, total(series.values()))) return false;
    return true;
  };
}

function expectClose(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  expect([...actual.keys()].sort(), `${what}: series`).toEqual([...expected.keys()].sort());
  for (const [key, value] of expected) {
    const got = actual.get(key)!;
    expect(Math.abs(got - value), `${what} {${key}}: ${got} vs ${value}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
  }
}

function expectMetrics(samples: Sample[], expected: ExpectedAgentMetrics): void {
  for (const s of samples.filter((x) => x.name.startsWith('agent_otel_'))) expect(s.labels.job, `${s.name}: job`).toBe(s.labels.service_name);

  // Calls per agent, operation, tool, model, status and error type: exact counts.
  expect(byKey(samples, 'agent_otel_calls_total')).toEqual(expected.calls);

  // Duration histograms: per series, the count, the sum (ms) and every bucket.
  expect(byKey(samples, 'agent_otel_duration_milliseconds_count')).toEqual(new Map([...expected.durations].map(([k, d]) => [k, d.count])));
  expectClose(byKey(samples, 'agent_otel_duration_milliseconds_sum'), new Map([...expected.durations].map(([k, d]) => [k, d.sumMs])), 'duration sum');
  const buckets = samples.filter((s) => s.name === 'agent_otel_duration_milliseconds_bucket');
  const bounds = [...DURATION_BUCKETS_MS, Infinity];
  for (const [key, series] of expected.durations) {
    // `le` is written as Prometheus formats floats (1.8e+06, +Inf): compared as numbers.
    const mine = buckets.filter((s) => seriesKey(labelsOf(s, ['le'])) === key).map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), value: s.value }));
    expect(mine.map((b) => b.le).sort((a, b) => a - b), `buckets of {${key}}`).toEqual(bounds);
    for (const [i, bound] of bounds.entries()) expect(mine.find((b) => b.le === bound)?.value, `{${key}} le=${bound}`).toBe(series.buckets[i]);
  }

  // Tokens and cost per agent and model (cost also per source), within float tolerance.
  for (const [name, series] of expected.sums) expectClose(byKey(samples, name), series, name);
}

async function convert(inputs: string[], endpoint: string): Promise<NormalizedSpan[]> {
  const out = join(tempDir(), 'traces');
  const run = await cli(['convert', ...inputs, '--endpoint', endpoint, '--out', out, '--json'], { cwd: REPO });
  expect(run.code, run.stderr).toBe(0);
  expect((JSON.parse(run.stdout) as { exportFailures: number }).exportFailures).toBe(0);
  return readJsonlSpans(out);
}

describe('collector-config/agent-otel-metrics.yaml', () => {
  it('exposes calls, errors, durations, tokens and cost of converted sessions, as their JSONL says', { timeout: 300_000 }, async (ctx) => {
    const backends = suiteBackends();
    if (!backends) return ctx.skip();
    const testStart = Date.now();
    const jaeger = await startJaeger(backends, { timeoutMs: 60_000 });
    const [promPort] = await freePorts(1);
    const collector = await startCollector(
      backends,
      'collector-config/agent-otel-metrics.yaml',
      { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint, AGENT_OTEL_PROMETHEUS_ENDPOINT: `127.0.0.1:${promPort}`, AGENT_OTEL_METRICS_FLUSH_INTERVAL: '500ms' },
      { configs: ['collector-config/agent-otel-to-jaeger.yaml'] },
    );
    printLogsOnFailure(jaeger.process, collector.process);
    const metricsUrl = `http://127.0.0.1:${promPort}/metrics`;
    const progress = (samples: Sample[]) =>
      ['agent_otel_calls_total', 'agent_otel_usage_input_tokens_total', 'agent_otel_usage_cost_usd_total']
        .map((n) => `${n}=${total(samples.filter((s) => s.name === n).map((s) => s.value))}`)
        .join(' ');

    const [first, second] = fixtureHalves();
    const firstSpans = await convert(first, collector.otlpHttpUrl);
    const firstExpected = expectedAgentMetrics(firstSpans);
    expectMetrics(await scrapeUntil(metricsUrl, caughtUp(firstExpected), { timeoutMs: 60_000, describe: progress }), firstExpected);

    const allSpans = [...firstSpans, ...(await convert(second, collector.otlpHttpUrl))];
    const expected = expectedAgentMetrics(allSpans);
    const samples = await scrapeUntil(metricsUrl, caughtUp(expected), { timeoutMs: 60_000, describe: progress });
    expectMetrics(samples, expected);

    // The sample is one that can show something: several agents, failed tool calls, priced and unpriced model
    // calls, and series that both runs added to.
    const agents = new Set(allSpans.map((s) => s.resource['service.name']));
    expect(agents.size).toBeGreaterThanOrEqual(10);
    const failedTools = [...expected.calls].filter(([k]) => k.includes('gen_ai_operation_name="execute_tool"') && k.includes('STATUS_CODE_ERROR'));
    expect(total(failedTools.map(([, n]) => n))).toBeGreaterThanOrEqual(10);
    expect(expected.sums.get('agent_otel_usage_unpriced_calls_total')?.size).toBeGreaterThan(0);
    const grown = [...firstExpected.sums.get('agent_otel_usage_input_tokens_total')!].filter(
      ([k, v]) => (expected.sums.get('agent_otel_usage_input_tokens_total')!.get(k) ?? 0) > v,
    );
    expect(grown.length).toBeGreaterThan(0);

    // The names and labels are those the configuration gives (as the dashboard test derives them).
    const configured = configuredMetrics();
    const shown = new Map<string, Set<string>>();
    for (const s of samples) for (const label of Object.keys(s.labels)) (shown.get(s.name) ?? shown.set(s.name, new Set()).get(s.name)!).add(label);
    expect([...shown.keys()].filter((n) => n.startsWith('agent_otel_')).sort()).toEqual([...configured.keys()].sort());
    for (const [name, labels] of shown) if (name.startsWith('agent_otel_')) expect([...labels].filter((l) => !configured.get(name)!.has(l)), name).toEqual([]);

    // Every counter and histogram series has a created timestamp (the protobuf format Prometheus is set to
    // scrape), from this run: a new series' first value is counted by increase() and rate().
    const created = (await scrapeCreated(metricsUrl)).filter((s) => s.family.startsWith('agent_otel_'));
    expect(created.length).toBe(samples.filter((s) => /^agent_otel_.*(_total|_count)$/.test(s.name)).length);
    for (const series of created) {
      expect(series.createdMs, `${series.family} ${seriesKey(series.labels)}`).toBeGreaterThanOrEqual(testStart);
      expect(series.createdMs!).toBeLessThanOrEqual(Date.now());
    }

    // The traces went to Jaeger too (the combined configuration): one session's whole trace.
    const root = allSpans.find((s) => s.parentSpanId === undefined)!;
    await waitForJaegerTrace(jaeger.queryUrl, root.traceId, allSpans.filter((s) => s.traceId === root.traceId).length);

    // Every metric and label the Grafana dashboard queries is one this endpoint shows.
    for (const query of dashboardQueries(loadDashboard())) {
      for (const metric of query.metrics) expect(shown.has(metric), `${query.panel}: ${metric}`).toBe(true);
      for (const label of query.labels) expect(query.metrics.some((m) => shown.get(m)?.has(label)), `${query.panel}: label ${label}`).toBe(true);
    }
  });
});
