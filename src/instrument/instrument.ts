import type { AgentTelemetry } from '../live/agent-telemetry.js';
import { getTelemetry } from '../live/global.js';
import type { ModuleExports, TelemetrySource } from './sdk-hook.js';
import { sdkHooks } from './sdk-hooks.js';
import { warnOnce } from './sdk-warnings.js';

export interface InstrumentOptions {
  /** Where the runs are recorded; the process-wide `getTelemetry()` by default. */
  telemetry?: AgentTelemetry;
}

/**
 * Traces the agent runs of one SDK module, for applications whose bundler
 * keeps `agent-otel/register`'s load hooks from seeing it:
 *
 *   import * as ai from 'ai';
 *   const { generateText, ToolLoopAgent } = instrument(ai);
 *
 * Returns the module to use: the same object, changed in place where it can
 * be, or a copy whose entry points are traced (an ES module namespace cannot
 * be changed). A module agent-otel does not know is returned as it is, with
 * one warning. Instrumenting the same SDK twice traces each run once.
 */
export function instrument<T extends object>(sdkModule: T, options: InstrumentOptions = {}): T {
  const exports = sdkModule as unknown as ModuleExports;
  const hook = sdkHooks.find((h) => h.recognizes(exports));
  if (hook === undefined) {
    warnOnce('instrument:unknown', `instrument: not a module of an SDK agent-otel traces (${sdkHooks.map((h) => h.sdk).join(', ')}); left as it is`);
    return sdkModule;
  }
  const given = options.telemetry;
  const telemetry: TelemetrySource = given === undefined ? () => getTelemetry() : () => given;
  return hook.patch(exports, telemetry, hook.sdk) as unknown as T;
}
