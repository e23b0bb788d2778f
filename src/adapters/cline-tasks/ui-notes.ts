import type { AgentEvent } from '../../model/events.js';
import type { UiMessage } from './schema.js';
import type { Indexed } from './task-files.js';
import { uiKind } from './ui-turns.js';

/** Records that are part of a model call or a tool call (read there), or carry nothing of their own. */
const PART_OF_CALLS = new Set([
  'text',
  'reasoning',
  'tool',
  'command',
  'command_output',
  'completion_result',
  'followup',
  'plan_mode_respond',
  'use_mcp_server',
  'mcp_server_request_started',
  'mcp_server_response',
  'browser_action_launch',
  'browser_action',
  'browser_action_result',
  'new_task',
  'condense',
  'summarize_task',
  'report_bug',
  'task_progress',
  'checkpoint_created',
  'checkpoint_saved',
  'codebase_search_result',
  'generate_explain_changes',
  'api_req_finished',
  'api_req_deleted',
  'deleted_api_reqs',
  'user_feedback_diff',
  'subtask_result',
]);

const ERRORS: Record<string, string> = {
  error: 'agent_error',
  api_req_failed: 'model_error',
  diff_error: 'diff_error',
  mistake_limit_reached: 'mistake_limit',
  clineignore_error: 'ignored_file',
  rooignore_error: 'ignored_file',
  auto_approval_max_req_reached: 'approval_limit',
  command_permission_denied: 'denied',
};

const LIFECYCLE = new Set([
  'resume_task',
  'resume_completed_task',
  'api_req_retried',
  'api_req_retry_delayed',
  'error_retry',
  'info',
  'mcp_notification',
  'shell_integration_warning',
  'shell_integration_warning_with_suggestion',
]);
const WARNINGS = new Set(['shell_integration_warning', 'shell_integration_warning_with_suggestion', 'error_retry']);

/**
 * The events of a ui record that is not part of a call: the user's words
 * (`user_feedback`), errors, context condensing (a compaction, and its cost),
 * resumptions; a kind not known here is kept as an `unknown` event.
 */
export function uiNoteEvents(record: Indexed<UiMessage>, sessionId: string): AgentEvent[] {
  const { value, source } = record;
  const kind = uiKind(value);
  const base = { sessionId, time: value.ts, source };
  const text = value.text ?? undefined;
  if (kind === 'user_feedback') return [{ ...base, type: 'message', role: 'user', content: text ?? '' }];
  if (kind === 'condense_context') {
    const condense = value.contextCondense;
    const events: AgentEvent[] = [
      {
        ...base,
        type: 'compaction',
        trigger: 'condense_context',
        ...(condense?.prevContextTokens !== undefined ? { preTokens: Math.max(0, Math.round(condense.prevContextTokens)) } : {}),
        ...(condense?.summary ? { content: condense.summary } : {}),
      },
    ];
    if (condense?.cost !== undefined && condense.cost > 0) events.push({ ...base, type: 'cost', costUsd: condense.cost });
    return events;
  }
  const errorType = ERRORS[kind];
  if (errorType) return [{ ...base, type: 'error', message: text || kind, errorType }];
  if (LIFECYCLE.has(kind)) {
    const level = WARNINGS.has(kind) ? 'warning' : 'info';
    return [{ ...base, type: 'lifecycle', name: kind, level, ...(text ? { message: text } : {}) }];
  }
  if (PART_OF_CALLS.has(kind)) return [];
  return [{ ...base, type: 'unknown', kind: `ui.${kind || value.type}`, data: value }];
}
