import type { Adapter } from '../adapter.js';
import { OPENCODE_AGENT } from './convert.js';
import { detectOpenCode } from './detect.js';
import { planOpenCode, type OpenCodeHints } from './plan.js';
import { readOpenCode } from './read.js';

/**
 * OpenCode sessions, from the JSON file storage (`storage/session`,
 * `storage/message`, `storage/part`) or from the SQLite `opencode.db` of newer
 * versions. Child sessions (`parentID`) are subagents of their parent's
 * `task` calls.
 */
export const openCodeAdapter: Adapter<OpenCodeHints> = {
  format: 'opencode',
  agent: OPENCODE_AGENT,
  description: 'OpenCode sessions (storage/session|message|part/*.json, or opencode.db)',
  detect: detectOpenCode,
  plan: planOpenCode,
  read: readOpenCode,
};
