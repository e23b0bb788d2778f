import type { AttributeValue, NormalizedSpan } from '../spans/otlp-normalize.js';
import { seriesKey } from '../backends/prometheus-text.js';

/**
 * The series collector-config/agent-otel-metrics.yaml should expose for a set
 * of spans, computed here from the spans themselves (as read from agent-otel's
 * JSONL): calls, durations, tokens and cost, each keyed by its label set in
 * Prometheus form (attribute names with `.` as `_`; a label is absent where
 * the span has no such attribute).
 */

/** Upper bounds of the duration histogram, in milliseconds, as the configuration documents them. */
export const DURATION_BUCKETS_MS = [10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000];

const STATUS = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** Span attributes that become labels of agent_otel_calls_total and agent_otel_duration_milliseconds. */
const SPAN_DIMENSIONS = ['gen_ai.operation.name', 'gen_ai.tool.name', 'gen_ai.request.model', 'gen_ai.response.model', 'error.type'];
const MODEL = ['gen_ai.request.model', 'gen_ai.response.model'];

export interface DurationSeries {
  count: number;
  sumMs: number;
  /** Cumulative counts, one per DURATION_BUCKETS_MS bound, then +Inf. */
  buckets: number[];
}

export interface ExpectedAgentMetrics {
  calls: Map<string, number>;
  durations: Map<string, DurationSeries>;
  /** Prometheus metric name -> series key -> value. */
  sums: Map<string, Map<string, number>>;
}

const promName = (attribute: string) => attribute.replace(/\./g, '_');

function labelValue(value: AttributeValue | undefined): string | undefined {
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}

function labelsOf(span: NormalizedSpan, attributes: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const service = labelValue(span.resource['service.name']);
  if (service !== undefined) labels.service_name = service;
  for (const key of attributes) {
    const value = labelValue(span.attributes[key]);
    if (value !== undefined) labels[promName(key)] = value;
  }
  return labels;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Token sums: Prometheus name -> the chat span attribute added up. */
export const TOKEN_SUMS: Record<string, string> = {
  agent_otel_usage_input_tokens_total: 'gen_ai.usage.input_tokens',
  agent_otel_usage_output_tokens_total: 'gen_ai.usage.output_tokens',
  agent_otel_usage_cache_read_input_tokens_total: 'gen_ai.usage.cache_read.input_tokens',
  agent_otel_usage_cache_creation_input_tokens_total: 'gen_ai.usage.cache_creation.input_tokens',
  agent_otel_usage_reasoning_output_tokens_total: 'gen_ai.usage.reasoning.output_tokens',
};

export function expectedAgentMetrics(spans: readonly NormalizedSpan[]): ExpectedAgentMetrics {
  const calls = new Map<string, number>();
  const durations = new Map<string, DurationSeries>();
  const sums = new Map<string, Map<string, number>>();
  const sum = (name: string) => sums.get(name) ?? sums.set(name, new Map()).get(name)!;

  for (const span of spans) {
    if (labelValue(span.resource['service.name']) === undefined) continue;
    const key = seriesKey({ ...labelsOf(span, SPAN_DIMENSIONS), status_code: STATUS[span.status.code]! });
    add(calls, key, 1);
    const ms = span.endTimeUnixNano > span.startTimeUnixNano ? Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6 : 0;
    const series = durations.get(key) ?? { count: 0, sumMs: 0, buckets: new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0) };
    series.count += 1;
    series.sumMs += ms;
    DURATION_BUCKETS_MS.forEach((bound, i) => {
      if (ms <= bound) series.buckets[i]! += 1;
    });
    series.buckets[DURATION_BUCKETS_MS.length]! += 1;
    durations.set(key, series);

    if (span.attributes['gen_ai.operation.name'] !== 'chat') continue;
    const modelKey = seriesKey(labelsOf(span, MODEL));
    for (const [name, attribute] of Object.entries(TOKEN_SUMS)) {
      const value = span.attributes[attribute];
      if (typeof value === 'number') add(sum(name), modelKey, value);
    }
    const cost = span.attributes['gen_ai.usage.cost'];
    if (typeof cost === 'number') add(sum('agent_otel_usage_cost_usd_total'), seriesKey(labelsOf(span, [...MODEL, 'gen_ai.usage.cost.source'])), cost);
    if (span.attributes['agent_otel.usage.cost.unpriced'] === true) add(sum('agent_otel_usage_unpriced_calls_total'), modelKey, 1);
  }
  return { calls, durations, sums };
}
