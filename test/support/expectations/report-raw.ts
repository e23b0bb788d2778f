/**
 * What `agent-otel report` should print for a JSONL text, worked out here
 * from the OTLP/JSON lines with plain JSON.parse, the long way (every span
 * kept in an array, groups filtered out of it): no code of src/report.
 */

interface RawSpan {
  spanId: string;
  traceId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  statusCode: number;
  attrs: Map<string, unknown>;
  service: unknown;
}

export interface ExpectedRow {
  sessions: number;
  subagents: number;
  calls: number;
  inputTokens: number;
  uncachedInputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  unpricedCalls: number;
  toolCalls: number;
  toolFailures: number;
  /** Every tool call's duration in ms, sorted. */
  durations: number[];
}

type Value = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: Value };
/** The part of an OTLP/JSON TracesData line read here. */
export interface TracesLine {
  resourceSpans: Array<{
    resource: { attributes: KeyValue[] };
    scopeSpans: Array<{
      spans: Array<{
        spanId: string;
        traceId: string;
        name: string;
        startTimeUnixNano: string;
        endTimeUnixNano: string;
        status?: { code?: number };
        attributes?: KeyValue[];
      }>;
    }>;
  }>;
}

function plain(v: Value): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return undefined;
}

/** Every span of the lines, with its attributes as a Map. */
export function rawSpans(text: string): RawSpan[] {
  const out: RawSpan[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const data = JSON.parse(line) as TracesLine;
    for (const rs of data.resourceSpans) {
      const service = rs.resource.attributes.find((kv) => kv.key === 'service.name');
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          const attrs = new Map<string, unknown>();
          for (const kv of s.attributes ?? []) attrs.set(kv.key, plain(kv.value));
          out.push({
            spanId: s.spanId,
            traceId: s.traceId,
            name: s.name,
            startNs: BigInt(s.startTimeUnixNano),
            endNs: BigInt(s.endTimeUnixNano),
            statusCode: s.status?.code ?? 0,
            attrs,
            service: service ? plain(service.value) : undefined,
          });
        }
      }
    }
  }
  return out;
}

const op = (s: RawSpan) => s.attrs.get('gen_ai.operation.name');
const isSession = (s: RawSpan) => op(s) === 'invoke_agent' && s.attrs.get('agent_otel.subagent') !== true;
const isSubagent = (s: RawSpan) => op(s) === 'invoke_agent' && s.attrs.get('agent_otel.subagent') === true;
const n = (v: unknown) => (typeof v === 'number' ? v : 0);
const startDate = (s: RawSpan) => new Date(Number(s.startNs / 1_000_000n)).toISOString();

/** ISO week, worked out by counting days from the Monday of week 1 (the week holding January 4th). */
function isoWeekOf(iso: string): string {
  const day = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
  const mondayOfWeek1 = (year: number) => {
    const jan4 = Date.UTC(year, 0, 4) / 86_400_000;
    const weekday = new Date(jan4 * 86_400_000).getUTCDay() || 7; // Monday 1 .. Sunday 7
    return jan4 - (weekday - 1);
  };
  let year = Number(iso.slice(0, 4)) + 1;
  while (mondayOfWeek1(year) > day) year--;
  const week = Math.floor((day - mondayOfWeek1(year)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export type Grouping = 'day' | 'week' | 'month' | 'session' | 'agent' | 'model' | 'tool';

/** The group of a span, or undefined where the span is in no row of that grouping (only in the total). */
export function groupOf(s: RawSpan, by: Grouping): string | undefined {
  const model = (s.attrs.get('gen_ai.response.model') as string | undefined) || (s.attrs.get('gen_ai.request.model') as string | undefined) || 'unknown';
  switch (by) {
    case 'day':
      return startDate(s).slice(0, 10);
    case 'month':
      return startDate(s).slice(0, 7);
    case 'week':
      return isoWeekOf(startDate(s));
    case 'session':
      return (s.attrs.get('session.id') as string | undefined) ?? s.traceId;
    case 'agent':
      return String(s.service ?? 'unknown');
    case 'model':
      return op(s) === 'chat' || isSubagent(s) ? model : undefined;
    case 'tool':
      return op(s) === 'execute_tool' ? String(s.attrs.get('gen_ai.tool.name') ?? 'unknown') : undefined;
  }
}

/** The figures of a set of spans (a group, or all of them for the total); `distinct`: sessions counted as distinct session ids of calls. */
export function figures(spans: readonly RawSpan[], distinct: boolean): ExpectedRow {
  const chats = spans.filter((s) => op(s) === 'chat');
  const tools = spans.filter((s) => op(s) === 'execute_tool');
  const sessionIds = new Set([...chats, ...tools].map((s) => s.attrs.get('session.id')));
  const roots = new Set(spans.filter(isSession).map((s) => s.traceId + s.spanId));
  return {
    sessions: distinct ? sessionIds.size : roots.size,
    subagents: new Set(spans.filter(isSubagent).map((s) => s.traceId + s.spanId)).size,
    calls: chats.length,
    inputTokens: chats.reduce((a, s) => a + n(s.attrs.get('gen_ai.usage.input_tokens')), 0),
    uncachedInputTokens: chats.reduce((a, s) => {
      const cached = n(s.attrs.get('gen_ai.usage.cache_read.input_tokens')) + n(s.attrs.get('gen_ai.usage.cache_creation.input_tokens'));
      return a + Math.max(0, n(s.attrs.get('gen_ai.usage.input_tokens')) - cached);
    }, 0),
    cacheReadTokens: chats.reduce((a, s) => a + n(s.attrs.get('gen_ai.usage.cache_read.input_tokens')), 0),
    cacheWriteTokens: chats.reduce((a, s) => a + n(s.attrs.get('gen_ai.usage.cache_creation.input_tokens')), 0),
    outputTokens: chats.reduce((a, s) => a + n(s.attrs.get('gen_ai.usage.output_tokens')), 0),
    reasoningTokens: chats.reduce((a, s) => a + n(s.attrs.get('gen_ai.usage.reasoning.output_tokens')), 0),
    costUsd: chats.reduce((a, s) => a + n(s.attrs.get('gen_ai.usage.cost')), 0),
    unpricedCalls: chats.filter(
      (s) =>
        typeof s.attrs.get('gen_ai.usage.cost') !== 'number' &&
        (s.attrs.get('agent_otel.usage.cost.unpriced') === true || n(s.attrs.get('gen_ai.usage.input_tokens')) + n(s.attrs.get('gen_ai.usage.output_tokens')) > 0),
    ).length,
    toolCalls: tools.length,
    toolFailures: tools.filter((s) => s.statusCode === 2 || s.attrs.get('agent_otel.tool.success') === false).length,
    durations: tools
      .map((s) => {
        const d = s.attrs.get('agent_otel.tool.duration_ms');
        return typeof d === 'number' ? d : Number(s.endNs - s.startNs) / 1e6;
      })
      .sort((a, b) => a - b),
  };
}

/** Expected rows by group, and the total. */
export function expectedReport(spans: readonly RawSpan[], by: Grouping): { rows: Map<string, ExpectedRow>; total: ExpectedRow } {
  const groups = new Map<string, RawSpan[]>();
  for (const s of spans) {
    const key = groupOf(s, by);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const distinct = by === 'model' || by === 'tool';
  return { rows: new Map([...groups].map(([k, v]) => [k, figures(v, distinct)])), total: figures(spans, false) };
}

/** The value at rank ceil(q * n) of sorted values (nearest rank). */
export const nearestRank = (sorted: readonly number[], q: number): number => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
