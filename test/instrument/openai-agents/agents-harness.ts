import * as agents from '@openai/agents';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AgentTelemetry } from '../../../src/live/agent-telemetry.js';
import type { AgentTelemetryOptions } from '../../../src/live/telemetry-options.js';
import { instrument } from '../../../src/instrument/instrument.js';

/**
 * The real OpenAI Agents SDK, traced by agent-otel into memory, offline. The
 * SDK's tracing is off under NODE_ENV=test (vitest sets it): it is turned on
 * here, and its processors are emptied so that its OpenAI exporter never
 * sends anything; agent-otel's processor stays through that.
 */
export interface Traced {
  sdk: typeof agents;
  telemetry: AgentTelemetry;
  /** Every span written so far, after a flush. */
  spans(): Promise<ReadableSpan[]>;
}

export function traceAgents(content?: AgentTelemetryOptions['content']): Traced {
  const memory = new InMemorySpanExporter();
  const telemetry = new AgentTelemetry({ exporter: memory, flushOnExit: false, env: {}, ...(content ? { content } : {}) });
  const sdk = instrument(agents, { telemetry });
  sdk.setTraceProcessors([]);
  sdk.setTracingDisabled(false);
  return {
    sdk,
    telemetry,
    spans: async () => {
      await telemetry.forceFlush();
      return memory.getFinishedSpans();
    },
  };
}

export const op = (span: ReadableSpan) => span.attributes['gen_ai.operation.name'];
export const children = (spans: ReadableSpan[], parent: ReadableSpan) => spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
export const roots = (spans: ReadableSpan[]) => spans.filter((s) => s.parentSpanContext === undefined);
/** `name` of each span, in start order. */
export const names = (spans: ReadableSpan[]) => [...spans].sort((a, b) => hr(a.startTime) - hr(b.startTime)).map((s) => s.name);
const hr = (t: [number, number]) => t[0] * 1e9 + t[1];
