import type { Adapter } from '../adapter.js';
import { GEMINI_AGENT } from './convert.js';
import { detectGeminiCli } from './detect.js';
import { planGeminiCli } from './plan.js';
import { readGeminiCli } from './read.js';

/**
 * Gemini CLI chat records: the legacy `session-*.json` documents and the
 * append-only `session-*.jsonl` files, with their subagent chats (under
 * `chats/<parent session id>/`, or next to the parent with its `sessionId`).
 */
export const geminiCliAdapter: Adapter = {
  format: 'gemini-cli',
  agent: GEMINI_AGENT,
  description: 'Gemini CLI chat records (~/.gemini/tmp/<project>/chats/session-*.json and *.jsonl)',
  detect: detectGeminiCli,
  plan: planGeminiCli,
  read: readGeminiCli,
};
