import type { Adapter } from '../adapter.js';
import { detectAider } from './detect.js';
import { planAider, type AiderHints } from './plan.js';
import { readAider } from './read.js';
import { AIDER_AGENT } from './session.js';

/**
 * Aider's markdown chat history (`.aider.chat.history.md`, in the root of the
 * repository it ran in), with the `.aider.llm.history` next to it when Aider
 * was asked to write one (per-call times).
 */
export const aiderAdapter: Adapter<AiderHints> = {
  format: 'aider',
  agent: AIDER_AGENT,
  description: 'Aider chat history (<repository>/.aider.chat.history.md, with .aider.llm.history when present)',
  text: true,
  detect: detectAider,
  plan: planAider,
  read: readAider,
};
