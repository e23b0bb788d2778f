import { expect } from 'vitest';
import { waitForJaegerTrace, type JaegerSpan, type JaegerTrace } from './backends.js';
import type { AttributeValue, NormalizedSpan } from '../spans/otlp-normalize.js';

/**
 * Reading traces back from Jaeger's HTTP API (/api/traces/<id>) and comparing
 * them with the spans agent-otel wrote to its JSONL output: what Jaeger shows
 * must be what left the process, and the tree must follow the span model
 * (one invoke_agent root per session, chat and tool spans under their
 * session, subagents under the tool call that launched them).
 */

interface JaegerKeyValue {
  key: string;
  type: string;
  value: unknown;
}

/** A span as /api/traces returns it, with the fields backends.ts leaves out. */
export type JaegerSpanFull = JaegerSpan & {
  logs?: Array<{ timestamp: number; fields: JaegerKeyValue[] }>;
  warnings?: string[] | null;
};

/** A Jaeger span in the shape the tests reason about. */
export interface TreeSpan {
  id: string;
  /** The CHILD_OF span id, if any (it may be absent from the trace). */
  parent: string | undefined;
  name: string;
  tags: Record<string, unknown>;
  service: string | undefined;
  /** Microseconds. */
  startUs: number;
  durationUs: number;
}

export function tagsOf(list: readonly JaegerKeyValue[]): Record<string, unknown> {
  return Object.fromEntries(list.map((t) => [t.key, t.value]));
}

export function treeSpans(trace: JaegerTrace): TreeSpan[] {
  return trace.spans.map((span) => {
    const refs = span.references.filter((r) => r.refType === 'CHILD_OF');
    return {
      id: span.spanID,
      parent: refs[0]?.spanID,
      name: span.operationName,
      tags: tagsOf(span.tags),
      service: trace.processes[span.processID]?.serviceName,
      startUs: span.startTime,
      durationUs: span.duration,
    };
  });
}

/** By OTLP SpanKind value (0 = unspecified). */
const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'];

/** How Jaeger shows an OTLP attribute value: arrays and maps as JSON text, the rest as is. */
function jaegerValue(value: AttributeValue): unknown {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))) {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  }
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * The tags Jaeger shows for a span written as `span` (OTLP): every attribute,
 * the instrumentation scope, the kind, and for a status the
 * `otel.status_code` / `otel.status_description` tags plus `error=true` when
 * the status is ERROR (Jaeger's translation of OTLP).
 */
export function expectedJaegerTags(span: NormalizedSpan): Record<string, unknown> {
  const tags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span.attributes)) tags[key] = jaegerValue(value);
  if (span.scope.name) tags['otel.scope.name'] = span.scope.name;
  if (span.scope.version) tags['otel.scope.version'] = span.scope.version;
  const kind = KIND_NAMES[span.kind];
  if (kind && kind !== 'unspecified') tags['span.kind'] = kind;
  if (span.status.code !== 0) {
    tags['otel.status_code'] = STATUS_NAMES[span.status.code];
    if (span.status.message) tags['otel.status_description'] = span.status.message;
  }
  if (span.status.code === 2) tags.error = true;
  return tags;
}

/** Groups spans by trace id, in first-seen order. */
export function byTrace<T extends { traceId: string }>(spans: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const span of spans) {
    const list = out.get(span.traceId) ?? [];
    list.push(span);
    out.set(span.traceId, list);
  }
  return out;
}

/** Waits (bounded) until Jaeger holds every span of every trace in `spans`, and returns the traces. */
export async function fetchTraces(queryUrl: string, spans: readonly NormalizedSpan[], timeoutMs = 90_000): Promise<Map<string, JaegerTrace>> {
  const out = new Map<string, JaegerTrace>();
  const deadline = Date.now() + timeoutMs;
  for (const [traceId, list] of byTrace(spans)) {
    const left = Math.max(5_000, deadline - Date.now());
    out.set(traceId, await waitForJaegerTrace(queryUrl, traceId, list.length, { timeoutMs: left, intervalMs: 300 }));
  }
  return out;
}

const micros = (ns: bigint): number => Number(ns / 1000n);

/**
 * Jaeger's trace is exactly the JSONL's spans of that trace: the same span
 * ids (each once), names, parents, service and resource, tags, events, start
 * time (µs) and duration (µs, within the 1 µs lost to rounding ns to µs).
 */
export function expectTraceMatchesJsonl(
  trace: JaegerTrace,
  written: readonly NormalizedSpan[],
  /** Tags the path to Jaeger adds to a span (e.g. the file receiver's `log.file.name`). */
  added: (span: NormalizedSpan) => Record<string, unknown> = () => ({}),
): void {
  const spans = trace.spans as JaegerSpanFull[];
  expect(spans.map((s) => s.spanID).sort()).toEqual(written.map((s) => s.spanId).sort());
  for (const source of written) {
    const span = spans.find((s) => s.spanID === source.spanId)!;
    const where = `${source.name} ${source.spanId}`;
    expect(span.operationName, where).toBe(source.name);
    expect(span.references, where).toEqual(
      source.parentSpanId ? [{ refType: 'CHILD_OF', traceID: source.traceId, spanID: source.parentSpanId }] : [],
    );
    expect(span.startTime, where).toBe(micros(source.startTimeUnixNano));
    const exactUs = Number(source.endTimeUnixNano - source.startTimeUnixNano) / 1000;
    expect(Math.abs(span.duration - exactUs), `${where}: duration ${span.duration} µs vs ${exactUs} µs`).toBeLessThan(1);
    expect(tagsOf(span.tags), where).toEqual({ ...expectedJaegerTags(source), ...added(source) });
    const { 'service.name': service, ...resource } = source.resource;
    const process = trace.processes[span.processID];
    expect(process?.serviceName, where).toBe(service);
    expect(tagsOf((process?.tags ?? []) as JaegerKeyValue[]), where).toEqual(
      Object.fromEntries(Object.entries(resource).map(([k, v]) => [k, jaegerValue(v)])),
    );
    // Span events are Jaeger logs: the time in µs, the name as the `event` field, the attributes as the other fields.
    const logs = (span.logs ?? []).map((l) => ({ time: l.timestamp, fields: tagsOf(l.fields) }));
    const events = source.events.map((e) => ({
      time: micros(e.timeUnixNano),
      fields: { event: e.name, ...Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, jaegerValue(v)])) },
    }));
    const order = (a: { time: number; fields: object }, b: { time: number; fields: object }) =>
      a.time - b.time || JSON.stringify(a.fields).localeCompare(JSON.stringify(b.fields));
    expect(logs.sort(order), where).toEqual(events.sort(order));
  }
}

/**
 * The span model's tree, checked on what Jaeger shows: exactly one span of
 * the trace has no parent in it, an invoke_agent; one invoke_agent per
 * session (gen_ai.conversation.id); every chat and execute_tool span is a
 * child of its own session's invoke_agent; every other invoke_agent (a
 * subagent) hangs under an execute_tool span, or under a session root when
 * the source did not record the launching call. Names follow the operation.
 * Returns the number of subagents found under a tool span.
 */
export function expectAgentTree(trace: JaegerTrace): { linkedSubagents: number } {
  const spans = treeSpans(trace);
  const ids = new Set(spans.map((s) => s.id));
  const roots = spans.filter((s) => s.parent === undefined || !ids.has(s.parent));
  expect(roots.map((r) => r.tags['gen_ai.operation.name']), `roots of ${trace.traceID}`).toEqual(['invoke_agent']);
  const agents = spans.filter((s) => s.tags['gen_ai.operation.name'] === 'invoke_agent');
  const agentOf = new Map(agents.map((a) => [String(a.tags['gen_ai.conversation.id']), a]));
  expect(agentOf.size, 'one invoke_agent per session').toBe(agents.length);
  const byId = new Map(spans.map((s) => [s.id, s]));
  let linkedSubagents = 0;
  for (const span of spans) {
    const op = span.tags['gen_ai.operation.name'];
    const where = `${span.name} ${span.id}`;
    if (op === 'invoke_agent') {
      expect(span.name, where).toBe(`invoke_agent ${String(span.tags['gen_ai.agent.name'])}`);
      if (span === roots[0]) continue;
      const parent = byId.get(span.parent ?? '');
      expect(span.tags['agent_otel.subagent'], where).toBe(true);
      expect(['execute_tool', 'invoke_agent'], where).toContain(parent?.tags['gen_ai.operation.name']);
      if (parent?.tags['gen_ai.operation.name'] === 'execute_tool') linkedSubagents++;
      continue;
    }
    expect(['chat', 'execute_tool'], where).toContain(op);
    const session = agentOf.get(String(span.tags['gen_ai.conversation.id']));
    expect(session, `${where}: its session's invoke_agent`).toBeDefined();
    expect(span.parent, where).toBe(session?.id);
    if (op === 'execute_tool') {
      expect(span.name, where).toBe(`execute_tool ${String(span.tags['gen_ai.tool.name'])}`);
      expect(typeof span.tags['agent_otel.tool.success'], where).toBe('boolean');
    } else {
      const model = span.tags['gen_ai.response.model'] ?? span.tags['gen_ai.request.model'];
      expect(span.name, where).toBe(model === undefined ? 'chat' : `chat ${String(model)}`);
      expect(typeof span.tags['gen_ai.usage.input_tokens'], where).toBe('number');
      expect(typeof span.tags['gen_ai.usage.output_tokens'], where).toBe('number');
    }
  }
  return { linkedSubagents };
}

/** The execute_tool / chat / invoke_agent children of `parentId`. */
export function childrenOf(spans: readonly TreeSpan[], parentId: string, op?: string): TreeSpan[] {
  return spans.filter((s) => s.parent === parentId && (op === undefined || s.tags['gen_ai.operation.name'] === op));
}

/** Error tags as Jaeger shows them: `error=true` and `otel.status_code=ERROR`, both or neither. */
export function shownAsError(span: TreeSpan): boolean {
  const error = span.tags.error === true;
  expect(span.tags['otel.status_code'] === 'ERROR', `${span.name}: otel.status_code agrees with error`).toBe(error);
  return error;
}
