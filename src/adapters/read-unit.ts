import type { AgentEvent } from '../model/events.js';
import { describeError } from '../core/errors.js';
import type { Adapter, ReadContext, SourceUnit } from './adapter.js';

/**
 * The canonical events of a unit, from its adapter. An adapter that throws
 * part way (a bug, a file gone) ends the unit with an `adapter_error` warning
 * naming it; the events read until then are kept.
 */
export async function* readUnit(adapter: Adapter, unit: SourceUnit, ctx: ReadContext): AsyncGenerator<AgentEvent> {
  try {
    yield* adapter.read(unit, ctx);
  } catch (error) {
    ctx.warn({ code: 'adapter_error', file: unit.label, message: `reading stopped early: ${describeError(error)}; what was read is kept` });
  }
}
