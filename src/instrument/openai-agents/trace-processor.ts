import { rejectCall, type AgentTelemetry } from '../../live/agent-telemetry.js';
import type { RunFrame } from '../run-context.js';
import type { TelemetrySource } from '../sdk-hook.js';
import { warnOnce } from '../sdk-warnings.js';
import type { SdkSpan } from './sdk-span.js';
import { TraceTranslator } from './trace-translator.js';

/**
 * agent-otel's TracingProcessor for the OpenAI Agents SDK: the SDK hands it
 * every trace and span it makes, and it records them through the live API
 * (TraceTranslator, one per trace). It keeps the SDK's contract: it never
 * throws, never changes a span, and its callbacks do their work at once (the
 * SDK awaits each processor in turn). Shutting it down (the SDK does on
 * `setTraceProcessors` and at exit) leaves the telemetry alone: agent-otel
 * flushes it itself.
 */
export class AgentOtelTraceProcessor {
  private readonly traces = new Map<string, TraceTranslator>();

  constructor(private source: TelemetrySource) {}

  /** Where later traces are recorded (the last `instrument()` or load of the SDK wins). */
  use(source: TelemetrySource): void {
    this.source = source;
  }

  /** The run frame of a function span of a trace in progress (see TraceTranslator.frameFor). */
  frameFor(span: { traceId?: unknown; spanId?: unknown }): RunFrame | undefined {
    if (typeof span.traceId !== 'string' || typeof span.spanId !== 'string') return undefined;
    return this.traces.get(span.traceId)?.frameFor(span.spanId);
  }

  async onTraceStart(): Promise<void> {}

  async onTraceEnd(trace: { traceId: string }): Promise<void> {
    this.guard(() => {
      this.traces.get(trace.traceId)?.traceEnded();
      this.traces.delete(trace.traceId);
    });
  }

  async onSpanStart(span: SdkSpan): Promise<void> {
    this.guard(() => {
      let translator = this.traces.get(span.traceId);
      if (translator === undefined) {
        translator = new TraceTranslator(this.source(), span.traceId);
        this.traces.set(span.traceId, translator);
      }
      translator.spanStarted(span);
    });
  }

  async onSpanEnd(span: SdkSpan): Promise<void> {
    this.guard(() => {
      const translator = this.traces.get(span.traceId);
      if (translator === undefined) return;
      translator.spanEnded(span);
      if (translator.finished) this.traces.delete(span.traceId);
    });
  }

  async shutdown(): Promise<void> {}

  /** The SDK's `getGlobalTraceProvider().forceFlush()` flushes agent-otel's telemetry too. */
  async forceFlush(): Promise<void> {
    try {
      await this.source().forceFlush();
    } catch (error) {
      this.failed(error);
    }
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    warnOnce('openai-agents:processor', `@openai/agents: a trace could not be recorded (${text}); the agent runs on`);
    let telemetry: AgentTelemetry | undefined;
    try {
      telemetry = this.source();
    } catch {
      return;
    }
    rejectCall(telemetry, `@openai/agents trace: ${text}`);
  }
}
