import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as aiModule from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import { instrument } from '../../../src/instrument/instrument.js';
import { AgentTelemetry } from '../../../src/live/agent-telemetry.js';

/** What a mock response used, as a test states it: input apart from the cache, as Anthropic counts it. */
export interface Tokens {
  input: number;
  cacheRead?: number;
  cacheWrite?: number;
  output: number;
  reasoning?: number;
}

/** The LanguageModelV3 usage a provider would report for `t` (its input total counts the cache). */
export function usageOf(t: Tokens) {
  const cacheRead = t.cacheRead ?? 0;
  const cacheWrite = t.cacheWrite ?? 0;
  const reasoning = t.reasoning ?? 0;
  return {
    inputTokens: { total: t.input + cacheRead + cacheWrite, noCache: t.input, cacheRead, cacheWrite },
    outputTokens: { total: t.output, text: t.output - reasoning, reasoning },
  };
}

export interface Reply {
  id: string;
  text?: string;
  reasoning?: string;
  calls?: Array<{ id: string; tool: string; input: unknown }>;
  tokens: Tokens;
  finish: 'stop' | 'tool-calls' | 'length';
}

/** A doGenerate result for one reply. */
export function generated(reply: Reply) {
  return {
    content: [
      ...(reply.reasoning !== undefined ? [{ type: 'reasoning' as const, text: reply.reasoning }] : []),
      ...(reply.text !== undefined ? [{ type: 'text' as const, text: reply.text }] : []),
      ...(reply.calls ?? []).map((c) => ({ type: 'tool-call' as const, toolCallId: c.id, toolName: c.tool, input: JSON.stringify(c.input) })),
    ],
    finishReason: { unified: reply.finish, raw: reply.finish },
    usage: usageOf(reply.tokens),
    warnings: [],
    response: { id: reply.id, modelId: `${reply.id}-model`, timestamp: new Date(0) },
  };
}

/** The stream parts of one reply, as a provider streams them. */
export function streamParts(reply: Reply) {
  return [
    { type: 'stream-start' as const, warnings: [] },
    { type: 'response-metadata' as const, id: reply.id, modelId: `${reply.id}-model`, timestamp: new Date(0) },
    ...(reply.text !== undefined
      ? [
          { type: 'text-start' as const, id: 't' },
          ...reply.text.split(' ').map((word, i) => ({ type: 'text-delta' as const, id: 't', delta: i === 0 ? word : ` ${word}` })),
          { type: 'text-end' as const, id: 't' },
        ]
      : []),
    ...(reply.calls ?? []).map((c) => ({ type: 'tool-call' as const, toolCallId: c.id, toolName: c.tool, input: JSON.stringify(c.input) })),
    { type: 'finish' as const, finishReason: { unified: reply.finish, raw: reply.finish }, usage: usageOf(reply.tokens) },
  ];
}

/** A mock model answering `replies` in turn, by doGenerate or doStream. */
export function mockModel(replies: Reply[], modelId = 'mock-model'): MockLanguageModelV3 {
  let generate = 0;
  let stream = 0;
  return new MockLanguageModelV3({
    provider: 'anthropic.messages',
    modelId,
    doGenerate: async () => generated(replies[generate++]!),
    doStream: async () => ({ stream: simulateReadableStream({ chunks: streamParts(replies[stream++]!), chunkDelayInMs: null, initialDelayInMs: null }) }),
  });
}

/** The AI SDK instrumented into a telemetry that keeps its spans in memory. */
export function tracedAi(options: { capture?: boolean; prices?: string } = {}) {
  const memory = new InMemorySpanExporter();
  const telemetry = new AgentTelemetry({ exporter: memory, flushOnExit: false, env: {}, content: { capture: options.capture ?? false }, ...(options.prices !== undefined ? { prices: options.prices } : {}) });
  const ai = instrument(aiModule, { telemetry });
  /** Every span finished so far (the in-memory exporter forgets them at shutdown: read after a flush). */
  const spans = async (): Promise<ReadableSpan[]> => {
    await telemetry.forceFlush();
    return memory.getFinishedSpans();
  };
  return { ai, telemetry, memory, spans };
}

export const op = (span: ReadableSpan) => span.attributes['gen_ai.operation.name'];
export const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
/** The spans directly under `parent`, in start order. */
export function childrenOf(spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  return spans
    .filter((s) => s.spanContext().traceId === parent.spanContext().traceId && parentOf(s) === parent.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}
/** The root invoke_agent spans, one per top-level run. */
export const roots = (spans: readonly ReadableSpan[]) => spans.filter((s) => op(s) === 'invoke_agent' && parentOf(s) === undefined);

/** The token attributes of a chat span, as the span model names them. */
export function tokensOf(span: ReadableSpan) {
  const a = span.attributes;
  return {
    input: a['gen_ai.usage.input_tokens'],
    output: a['gen_ai.usage.output_tokens'],
    cacheRead: a['gen_ai.usage.cache_read.input_tokens'],
    cacheWrite: a['gen_ai.usage.cache_creation.input_tokens'],
    reasoning: a['gen_ai.usage.reasoning.output_tokens'],
  };
}

/** What tokensOf should read for a reply: input counts the cache, zero counts are left out. */
export function expectedTokens(t: Tokens) {
  const some = (n: number | undefined) => (n ? n : undefined);
  return { input: t.input + (t.cacheRead ?? 0) + (t.cacheWrite ?? 0), output: t.output, cacheRead: some(t.cacheRead), cacheWrite: some(t.cacheWrite), reasoning: some(t.reasoning) };
}
