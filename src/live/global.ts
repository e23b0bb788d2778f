import { AgentTelemetry, type AgentTelemetryOptions } from './agent-telemetry.js';

const KEY = Symbol.for('agent-otel.telemetry');
type Holder = { [KEY]?: AgentTelemetry };

/**
 * The process-wide telemetry that `agent-otel/register` sets up. Created on
 * first use from the environment when nothing registered one.
 */
export function getTelemetry(options?: AgentTelemetryOptions): AgentTelemetry {
  const holder = globalThis as Holder;
  holder[KEY] ??= new AgentTelemetry(options);
  return holder[KEY];
}

/** Replaces the process-wide telemetry (the previous one is not shut down). */
export function setTelemetry(telemetry: AgentTelemetry): void {
  (globalThis as Holder)[KEY] = telemetry;
}
