import type { Adapter } from '../adapter.js';
import { detectCopilotCli } from './detect.js';
import { COPILOT_AGENT } from './meta.js';
import { readCopilotCli } from './read.js';

/**
 * GitHub Copilot CLI session event logs: one `events.jsonl` per session, each
 * file a read unit of its own.
 */
export const copilotCliAdapter: Adapter = {
  format: 'copilot-cli',
  agent: COPILOT_AGENT,
  description: 'GitHub Copilot CLI session events (~/.copilot/session-state/<id>/events.jsonl)',
  detect: detectCopilotCli,
  read: readCopilotCli,
};
