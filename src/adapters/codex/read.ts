import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readRollout } from './convert.js';
import type { SpawnLinks } from './state.js';

/** Reads the files of a unit in order (a parent before its sub-agents), sharing what links them. */
export async function* readCodex(unit: SourceUnit, ctx: ReadContext): AsyncGenerator<AgentEvent> {
  const links: SpawnLinks = new Map();
  for (const file of unit.files) {
    try {
      yield* readRollout(file, ctx, links);
    } catch (error) {
      ctx.warn({ code: 'unreadable', file, message: `cannot read: ${(error as Error).message}` });
    }
  }
}
