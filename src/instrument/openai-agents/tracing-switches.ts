import type { ModuleExports } from '../sdk-hook.js';
import { warnOnce } from '../sdk-warnings.js';

/**
 * Says once when the SDK's tracing is off for the whole process, since
 * agent-otel then sees no run: the SDK turns it off with
 * OPENAI_AGENTS_DISABLE_TRACING=1 (or true), and when NODE_ENV is `test`.
 * agent-otel does not turn it back on: the same switch keeps the SDK from
 * sending traces to OpenAI, which the application chose to stop.
 * (`setTracingDisabled(false)` turns it on again, and a run's
 * `tracingDisabled: true` turns it off for that run.)
 */
export function warnIfTracingOff(env: NodeJS.ProcessEnv = process.env): void {
  const flag = env.OPENAI_AGENTS_DISABLE_TRACING;
  const reason = flag === '1' || flag === 'true' ? `OPENAI_AGENTS_DISABLE_TRACING=${flag}` : env.NODE_ENV === 'test' ? 'NODE_ENV=test' : undefined;
  if (reason === undefined) return;
  warnOnce(
    'openai-agents:tracing-off',
    `@openai/agents: the SDK's tracing is off (${reason}), so agent-otel records none of its runs; call setTracingDisabled(false) from @openai/agents to trace them`,
  );
}

/** True for a module of the SDK: it exports the runner and the tracing provider agent-otel registers with. */
export function isOpenAiAgentsModule(exports: ModuleExports): boolean {
  return typeof exports.Runner === 'function' && typeof exports.Agent === 'function' && typeof exports.getGlobalTraceProvider === 'function';
}
