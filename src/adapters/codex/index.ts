import type { Adapter } from '../adapter.js';
import { detectCodex } from './detect.js';
import { planCodex } from './plan.js';
import { readCodex } from './read.js';

/**
 * OpenAI Codex CLI rollouts: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`
 * and `~/.codex/archived_sessions/`, one file per thread, in every shape from
 * the pre-envelope files of mid 2025 to the envelope format of 0.4x-0.10x.
 */
export const codexAdapter: Adapter = {
  format: 'codex',
  agent: 'codex',
  description: 'OpenAI Codex CLI rollouts (~/.codex/sessions/**/rollout-*.jsonl)',
  detect: detectCodex,
  plan: planCodex,
  read: readCodex,
};
