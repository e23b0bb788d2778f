import * as callbacksManager from '@langchain/core/callbacks/manager';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach } from 'vitest';
import { instrument } from '../../../src/instrument/instrument.js';
import { AgentTelemetry } from '../../../src/live/agent-telemetry.js';

export interface TracedLangChain {
  telemetry: AgentTelemetry;
  /** Every span exported so far (after a flush). */
  spans(): Promise<ReadableSpan[]>;
}

/**
 * A telemetry writing to memory, and @langchain/core traced into it with
 * instrument() (each test gets its own: instrument() again moves the
 * tracing of the same CallbackManager to the new telemetry).
 */
export function useTracedLangChain(options: { capture?: boolean } = {}): () => TracedLangChain {
  let current: AgentTelemetry | undefined;
  afterEach(async () => {
    await current?.shutdown();
    current = undefined;
  });
  return () => {
    const memory = new InMemorySpanExporter();
    const telemetry = new AgentTelemetry({ exporter: memory, flushOnExit: false, env: {}, content: { capture: options.capture ?? false } });
    current = telemetry;
    instrument(callbacksManager, { telemetry });
    return {
      telemetry,
      spans: async () => {
        await telemetry.forceFlush();
        return memory.getFinishedSpans();
      },
    };
  };
}

export const op = (span: ReadableSpan) => span.attributes['gen_ai.operation.name'];
export const ofOperation = (spans: readonly ReadableSpan[], name: string) => spans.filter((s) => op(s) === name);
export const parentOf = (spans: readonly ReadableSpan[], span: ReadableSpan) => spans.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
export const traceOf = (span: ReadableSpan) => span.spanContext().traceId;
export const byResponse = (spans: readonly ReadableSpan[], id: string) => spans.find((s) => s.attributes['gen_ai.response.id'] === id);
export const byToolCall = (spans: readonly ReadableSpan[], id: string) => spans.find((s) => s.attributes['gen_ai.tool.call.id'] === id);
