import type { Adapter } from '../adapter.js';
import { detectRooCode } from './detect.js';
import { ROO_AGENT } from './meta.js';
import { planRooCode } from './plan.js';
import { readRooCode } from './read.js';

/**
 * Roo Code task folders (VS Code extension `rooveterinaryinc.roo-cline`), a
 * fork of Cline's: the same files, read by `../cline-tasks/`, with XML tool
 * calls in the assistant's text, times on the API messages, and subtasks
 * (`new_task`) nested under the call that launched them.
 */
export const rooCodeAdapter: Adapter = {
  format: 'roo-code',
  agent: ROO_AGENT,
  description: 'Roo Code task folders (<VS Code globalStorage>/rooveterinaryinc.roo-cline/tasks/<id>/)',
  detect: detectRooCode,
  plan: planRooCode,
  read: readRooCode,
};
