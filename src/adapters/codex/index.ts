import type { AgentEvent } from '../../model/events.js';
import type { Adapter, ReadContext, SourceUnit } from '../adapter.js';
import { planRollouts } from './plan.js';
import { readRollout } from './reader.js';
import { looksLikeRollout } from './records.js';
import type { SpawnLinks } from './state.js';

/**
 * OpenAI Codex CLI rollouts: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`
 * and `~/.codex/archived_sessions/`, one file per thread, in every shape from
 * the pre-envelope files of mid 2025 to the envelope format of 0.4x-0.10x.
 */
export const codexAdapter: Adapter = {
  format: 'codex',
  agent: 'codex',
  description: 'OpenAI Codex CLI rollouts (~/.codex/sessions/**/rollout-*.jsonl)',
  detect: (probe) => looksLikeRollout(probe.lines),
  plan: planRollouts,
  read: readUnit,
};

/** Reads the files of a unit in order (a parent before its sub-agents), sharing what links them. */
async function* readUnit(unit: SourceUnit, ctx: ReadContext): AsyncGenerator<AgentEvent> {
  const links: SpawnLinks = new Map();
  for (const file of unit.files) {
    try {
      yield* readRollout(file, ctx, links);
    } catch (error) {
      ctx.warn({ code: 'unreadable', file, message: `cannot read: ${(error as Error).message}` });
    }
  }
}
