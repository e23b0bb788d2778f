import type { Adapter } from '../adapter.js';
import { detectZag } from './detect.js';
import { planZag, type ZagHints } from './plan.js';
import { readZag } from './read.js';

/**
 * zag (a wrapper around Claude, Codex, Gemini and Copilot CLIs): one
 * `sessions/<wrapper_session_id>.jsonl` per session plus an optional
 * `index.json`. Records are read in `seq` order; each keeps its own `ts`.
 */
export const zagAdapter: Adapter<ZagHints> = {
  format: 'zag',
  agent: 'zag',
  description: 'zag session logs (logs/sessions/<id>.jsonl + logs/index.json)',
  detect: detectZag,
  plan: planZag,
  read: readZag,
};
