import { addRunFrameSource } from '../run-context.js';
import type { ModuleExports, TelemetrySource } from '../sdk-hook.js';
import { markTraced } from '../traced-exports.js';
import { warnOnce } from '../sdk-warnings.js';
import { AgentOtelTraceProcessor } from './trace-processor.js';

const INSTALLED = Symbol.for('agent-otel.openai-agents.processor');

/** The parts of the SDK's TraceProvider used here. */
interface TraceProvider {
  registerProcessor(processor: unknown): void;
  setProcessors(processors: unknown[]): void;
  [INSTALLED]?: AgentOtelTraceProcessor;
}

/**
 * Registers agent-otel's processor with the SDK's trace provider, once per
 * process: the provider is one for every copy of agents-core loaded (the SDK
 * keeps it on `globalThis`), so `@openai/agents` and `@openai/agents-core`,
 * imported and required, all reach the same one. Registering again only
 * changes where runs are recorded.
 *
 * It also lets a run of another SDK started inside one of its function tools nest under that call.
 *
 * `setTraceProcessors()` replaces the provider's processors (the
 * `@openai/agents` entry point does it as it loads, to install OpenAI's
 * exporter): the processor is kept through it, appended to the new list.
 */
export function installProcessor(exports: ModuleExports, telemetry: TelemetrySource): boolean {
  let provider: TraceProvider;
  try {
    provider = (exports.getGlobalTraceProvider as () => TraceProvider)();
  } catch (error) {
    warnOnce('openai-agents:provider', `@openai/agents: no trace provider (${(error as Error).message}); its runs are not traced`);
    return false;
  }
  const installed = provider[INSTALLED];
  if (installed !== undefined) {
    installed.use(telemetry);
    return true;
  }
  const processor = new AgentOtelTraceProcessor(telemetry);
  const setProcessors = provider.setProcessors;
  provider.setProcessors = markTraced(function keepAgentOtel(this: unknown, processors: unknown[]) {
    const list = Array.isArray(processors) && !processors.includes(processor) ? [...processors, processor] : processors;
    return setProcessors.call(this, list);
  });
  provider.registerProcessor(processor);
  Object.defineProperty(provider, INSTALLED, { value: processor });
  // Code running inside a function tool sees the SDK's function span as its current span: a run of
  // another SDK started there nests under that tool call. (The SDK keeps one context for all its copies.)
  const currentSpan = exports.getCurrentSpan;
  if (typeof currentSpan === 'function') addRunFrameSource(() => processor.frameFor((currentSpan as () => { traceId?: unknown; spanId?: unknown } | null)() ?? {}));
  return true;
}
