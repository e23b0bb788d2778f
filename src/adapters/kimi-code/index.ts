import type { Adapter } from '../adapter.js';
import { KIMI_AGENT } from './convert.js';
import { detectKimiCode } from './detect.js';
import { planKimiCode } from './plan.js';
import { readKimiCode } from './read.js';

/**
 * Kimi Code wire logs: one `wire.jsonl` per agent of a session, the
 * subagents' next to the main agent's, tied together by the session's
 * `state.json`; each session folder is a read unit.
 */
export const kimiCodeAdapter: Adapter = {
  format: 'kimi-code',
  agent: KIMI_AGENT,
  description: 'Kimi Code wire logs (~/.kimi-code/sessions/<workspace>/session_<id>/agents/<agent>/wire.jsonl)',
  detect: detectKimiCode,
  plan: planKimiCode,
  read: readKimiCode,
};
