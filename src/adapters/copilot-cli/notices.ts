import type { AgentEvent, SourceRef } from '../../model/events.js';
import { parseRecord } from '../record.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { MiscData } from './schema.js';

interface Base {
  sessionId: string;
  time: number;
  timeExact?: false;
  source: SourceRef;
}

/**
 * Records the CLI writes about its own life that carry nothing for a span but
 * are counted: each becomes a debug-level `lifecycle` event named after its type.
 */
const QUIET = new Set([
  'assistant.turn_start',
  'assistant.turn_end',
  'assistant.intent',
  'assistant.streaming_delta',
  'assistant.message_delta',
  'assistant.reasoning_delta',
  'session.idle',
  'session.usage_info',
  'session.usage_checkpoint',
  'session.context_changed',
  'session.compaction_start',
  'session.remote_steerable_changed',
  'session.plan_changed',
  'session.workspace_file_changed',
  'session.snapshot_rewind',
  'session.task_complete',
  'pending_messages.modified',
  'tool.execution_partial_result',
  'tool.execution_progress',
  'tool.user_requested',
  'hook.start',
  'hook.end',
  'skill.invoked',
  'subagent.selected',
  'subagent.deselected',
  'system.notification',
  'model.call_finished',
  'permission.requested',
]);

/**
 * The events of the small record kinds: errors, notices, model and mode
 * changes, compaction, aborts, system prompts. Undefined for a type this
 * function does not know (the caller keeps it as `unknown`).
 */
export function noticeEvents(
  type: string,
  rawData: unknown,
  base: Base,
  warn: WarningSink,
): AgentEvent[] | undefined {
  if (QUIET.has(type)) return [{ ...base, type: 'lifecycle', name: type, level: 'debug' }];
  const known = [
    'session.error',
    'session.info',
    'session.warning',
    'session.resume',
    'session.model_change',
    'session.mode_changed',
    'session.title_changed',
    'session.compaction_complete',
    'session.truncation',
    'abort',
    'system.message',
  ];
  if (!known.includes(type)) return undefined;
  const data = parseRecord(MiscData, rawData ?? {}, base.source, warn);
  if (!data) return [];
  switch (type) {
    case 'session.error':
      return [{ ...base, type: 'error', message: data.message ?? 'error', errorType: data.errorType }];
    case 'session.info':
    case 'session.warning':
      return [
        {
          ...base,
          type: 'lifecycle',
          name: data.infoType ?? data.warningType ?? type,
          level: type === 'session.info' ? 'info' : 'warning',
          message: data.message,
        },
      ];
    case 'session.resume':
      return [{ ...base, type: 'lifecycle', name: 'resume', level: 'info', data: rawData }];
    case 'session.model_change':
      return [{ ...base, type: 'state.change', key: 'model', value: data.newModel }];
    case 'session.mode_changed':
      return [{ ...base, type: 'state.change', key: 'mode', value: data.newMode }];
    case 'session.title_changed':
      return [{ ...base, type: 'state.change', key: 'title', value: data.title }];
    case 'session.compaction_complete':
      return [
        {
          ...base,
          type: 'compaction',
          trigger: data.success === false ? 'failed' : 'auto',
          preTokens: data.preCompactionTokens,
          content: data.summaryContent,
        },
      ];
    case 'session.truncation':
      return [{ ...base, type: 'compaction', trigger: 'truncation', preTokens: data.preTruncationTokensInMessages }];
    case 'abort':
      return [{ ...base, type: 'lifecycle', name: 'abort', level: 'warning', message: data.reason }];
    default: // system.message
      return [{ ...base, type: 'message', role: 'system', content: data.content }];
  }
}
