/**
 * What the SDK hooks tell the application: once per thing, as a Node process
 * warning (shown on stderr unless the application silences warnings). Tracing
 * is never worth breaking the agent for.
 */
const said = new Set<string>();

export const SDK_WARNING_CODE = 'AGENT_OTEL_SDK';

/** Emits `message` once per `key` for the life of the process. */
export function warnOnce(key: string, message: string): void {
  if (said.has(key)) return;
  said.add(key);
  process.emitWarning(message, { type: 'AgentOtelWarning', code: SDK_WARNING_CODE });
}
