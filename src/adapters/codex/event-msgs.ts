import { isRecord } from '../../core/json-lines.js';
import { parseRecord } from '../record.js';
import {
  CollabSpawnEndPayload,
  ErrorPayload,
  ExecCommandEndPayload,
  McpToolCallEndPayload,
  PatchApplyEndPayload,
  TokenCountPayload,
  TurnEventPayload,
} from './event-schema.js';
import { errorInfoOf, idsOf, mcpName, mcpOutcome, optionalDuration, scalarsOf, turnData } from './event-fields.js';
import { reportUntypedPayload } from './records.js';
import type { RolloutState } from './state.js';
import type { Enrichment, Stamp } from './tools.js';

/**
 * `event_msg` types that repeat what a `response_item` already holds (the UI's
 * copy of messages and reasoning, tool begin events, plan and diff updates).
 * They are counted, not converted, so nothing is counted twice.
 */
const DUPLICATES = new Set([
  'user_message',
  'agent_message',
  'agent_reasoning',
  'agent_reasoning_raw_content',
  'agent_reasoning_section_break',
  'item_started',
  'item_completed',
  'exec_command_begin',
  'mcp_tool_call_begin',
  'patch_apply_begin',
  'web_search_begin',
  'web_search_end',
  'plan_update',
  'turn_diff',
]);

/** Events about the session's life that become `lifecycle` events, with their level. */
const LIFECYCLE: Readonly<Record<string, 'info' | 'warning'>> = {
  warning: 'warning',
  stream_error: 'warning',
  entered_review_mode: 'info',
  exited_review_mode: 'info',
  thread_rolled_back: 'info',
  undo_started: 'info',
  undo_completed: 'info',
  background_event: 'info',
  deprecation_notice: 'info',
  session_configured: 'info',
  thread_settings_applied: 'info',
  thread_goal_updated: 'info',
  hook_started: 'info',
  hook_completed: 'info',
  model_reroute: 'warning',
  model_verification: 'info',
};

export function handleEventMsg(s: RolloutState, payload: unknown, stamp: Stamp): void {
  const type = isRecord(payload) && typeof payload.type === 'string' ? payload.type : '';
  const where = { file: s.file, line: stamp.source.line };
  if (DUPLICATES.has(type)) {
    s.skip(`event_msg:${type}`);
    return;
  }
  switch (type) {
    case 'token_count': {
      const p = parseRecord(TokenCountPayload, payload, where, s.warn);
      if (p) modelCall(s, stamp, p);
      return;
    }
    case 'task_started':
    case 'turn_started': {
      s.input();
      const p = parseRecord(TurnEventPayload, payload, where, s.warn);
      s.requestStart = stamp.time;
      s.compactionOpen = false;
      s.lifecycle(stamp, 'turn.start', { data: turnData(p) });
      return;
    }
    case 'task_complete':
    case 'turn_complete': {
      s.input();
      const p = parseRecord(TurnEventPayload, payload, where, s.warn);
      s.lifecycle(stamp, 'turn.end', { data: turnData(p) });
      return;
    }
    case 'turn_aborted': {
      s.input();
      const p = parseRecord(TurnEventPayload, payload, where, s.warn);
      s.lifecycle(stamp, 'turn.aborted', { level: 'warning', ...(p?.reason ? { message: p.reason } : {}), data: turnData(p) });
      return;
    }
    case 'context_compacted':
      s.compaction(stamp, undefined);
      return;
    case 'exec_command_end': {
      const p = parseRecord(ExecCommandEndPayload, payload, where, s.warn);
      if (!p) return;
      const output = p.aggregated_output ?? p.formatted_output ?? undefined;
      enrich(s, p.call_id, {
        stamp,
        name: 'shell',
        ...(typeof p.exit_code === 'number' ? { exitCode: p.exit_code } : {}),
        ...optionalDuration(p.duration),
        ...(output !== undefined ? { output } : {}),
      });
      return;
    }
    case 'mcp_tool_call_end': {
      const p = parseRecord(McpToolCallEndPayload, payload, where, s.warn);
      if (p) enrich(s, p.call_id, { stamp, ...mcpOutcome(p.result), ...optionalDuration(p.duration), ...mcpName(payload) });
      return;
    }
    case 'patch_apply_end': {
      const p = parseRecord(PatchApplyEndPayload, payload, where, s.warn);
      if (p) enrich(s, p.call_id, { stamp, name: 'apply_patch', ...(typeof p.success === 'boolean' ? { success: p.success } : {}) });
      return;
    }
    case 'collab_agent_spawn_end': {
      const p = parseRecord(CollabSpawnEndPayload, payload, where, s.warn);
      if (!p) return;
      if (p.new_thread_id && p.call_id && !s.links.has(p.new_thread_id)) s.links.set(p.new_thread_id, p.call_id);
      s.emit({
        type: 'handoff',
        ...stamp,
        ...(p.sender_thread_id ? { from: p.sender_thread_id } : {}),
        ...(p.new_thread_id ? { to: p.new_thread_id } : {}),
        ...(p.call_id ? { callId: p.call_id } : {}),
        ...(p.prompt ? { content: p.prompt } : {}),
      });
      return;
    }
    case 'error': {
      const p = parseRecord(ErrorPayload, payload, where, s.warn);
      const info = errorInfoOf(p?.codex_error_info);
      const message = p?.message ?? 'error';
      if (info === 'usage_limit_exceeded') {
        s.emit({ type: 'usage_limit', ...stamp, phase: 'hit', provider: 'openai', message });
      } else {
        s.emit({ type: 'error', ...stamp, message, ...(info ? { errorType: info } : {}) });
      }
      return;
    }
    case 'shutdown_complete':
      s.emit({ type: 'session.end', ...stamp, outcome: 'ok', reason: 'shutdown_complete' });
      return;
    default: {
      const level = LIFECYCLE[type];
      if (level) {
        const message = isRecord(payload) && typeof payload.message === 'string' ? payload.message : undefined;
        s.lifecycle(stamp, `codex.${type}`, { level, ...(message ? { message } : {}), data: scalarsOf(payload) });
      } else if (type.startsWith('collab_')) {
        s.lifecycle(stamp, `codex.${type}`, { level: 'info', data: idsOf(payload) });
      } else if (type === '') {
        reportUntypedPayload(payload, where, s.warn);
      } else {
        s.emit({ type: 'unknown', ...stamp, kind: `event_msg:${type}`, data: payload });
      }
    }
  }
}

/**
 * A `token_count` with new totals is one model response (a `chat` span);
 * repeats are counted and dropped. Its time is the `token_count`'s, written as
 * the response completed. Its start is the latest record that began the
 * request since the previous response: the turn start, the `turn_context`
 * Codex writes before each request, a user message or the last tool output
 * (all written just before the request is sent); none, when none came.
 */
function modelCall(s: RolloutState, stamp: Stamp, payload: TokenCountPayload): void {
  const response = s.usage.next(payload);
  if (typeof response === 'string') {
    s.skip(response);
    return;
  }
  const start = s.requestStart;
  s.requestStart = undefined;
  s.compactionOpen = false;
  if (response.contextUsed !== undefined) s.contextUsed = response.contextUsed;
  s.responses.place({
    type: 'model.call',
    ...stamp,
    provider: s.meta?.model_provider || 'openai',
    ...(s.model ? { requestModel: s.model } : {}),
    ...(start !== undefined && start <= stamp.time ? { startTime: start } : {}),
    usage: response.usage,
    ...(response.contextUsed !== undefined ? { contextUsed: response.contextUsed } : {}),
    ...(response.contextMax !== undefined ? { contextMax: response.contextMax } : {}),
  }, (e) => s.emit(e));
}

function enrich(s: RolloutState, callId: string, enrichment: Enrichment): void {
  const outcome = s.tools.enrich(callId, enrichment);
  if (outcome === 'late') s.skip('tool_end_after_output');
  else if (outcome !== 'kept') s.emit(outcome);
}
