import type { Adapter } from '../adapter.js';
import { planTaskFolders } from '../cline-tasks/plan.js';
import { detectCline } from './detect.js';
import { CLINE_AGENT } from './meta.js';
import { readCline } from './read.js';

/**
 * Cline task folders (VS Code extension `saoudrizwan.claude-dev`): one task
 * a session, its `api_conversation_history.json`, `ui_messages.json` and
 * `task_metadata.json` read together (the reading is shared with Roo Code in
 * `../cline-tasks/`).
 */
export const clineAdapter: Adapter = {
  format: 'cline',
  agent: CLINE_AGENT,
  description: 'Cline task folders (<VS Code globalStorage>/saoudrizwan.claude-dev/tasks/<id>/)',
  detect: detectCline,
  plan: (files) => planTaskFolders('cline', files),
  read: readCline,
};
