import { isDeepStrictEqual } from 'node:util';
import { AgentTelemetry, rejectCall } from './agent-telemetry.js';
import type { AgentTelemetryOptions } from './telemetry-options.js';

const KEY = Symbol.for('agent-otel.telemetry');
type Holder = { [KEY]?: AgentTelemetry };

/** The options each process-wide telemetry was made with by getTelemetry (none known for one given to setTelemetry). */
const madeWith = new WeakMap<AgentTelemetry, AgentTelemetryOptions>();
/** Telemetries already told that getTelemetry ignored other options: it is said once. */
const warned = new WeakSet<AgentTelemetry>();

/**
 * The process-wide telemetry that `agent-otel/register` sets up. Created on
 * first use, with `options` (else from the environment). Called again, it
 * returns that same telemetry: options other than the first ones are ignored,
 * and that is said once (a diag warning, counted in `stats().rejected`, the
 * reason in `lastError`); never thrown.
 */
export function getTelemetry(options?: AgentTelemetryOptions): AgentTelemetry {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing === undefined) {
    const telemetry = new AgentTelemetry(options);
    madeWith.set(telemetry, options ?? {});
    holder[KEY] = telemetry;
    return telemetry;
  }
  if (options !== undefined && !warned.has(existing) && !isDeepStrictEqual(options, madeWith.get(existing))) {
    warned.add(existing);
    rejectCall(existing, 'getTelemetry: called again with other options, which are ignored: the process-wide telemetry already exists (setTelemetry replaces it)');
  }
  return existing;
}

/** Replaces the process-wide telemetry (the previous one is not shut down). */
export function setTelemetry(telemetry: AgentTelemetry): void {
  (globalThis as Holder)[KEY] = telemetry;
}
