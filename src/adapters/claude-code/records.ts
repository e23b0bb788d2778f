import type { AgentEvent, LifecycleEvent } from '../../model/events.js';
import { isRecord } from '../../core/json-lines.js';
import { definedFields } from '../optional-fields.js';
import { parseRecord } from '../record.js';
import { tokenCount } from '../token-counts.js';
import { apiErrorEvent } from './api-error.js';
import {
  ClaudeCustomTitleRecord,
  ClaudeProgressRecord,
  ClaudeQueueRecord,
  ClaudeSnapshotRecord,
  ClaudeSummaryRecord,
  ClaudeSystemRecord,
} from './schema.js';
import type { At, SessionState } from './session-state.js';

type Level = NonNullable<LifecycleEvent['level']>;

/**
 * The records that are not conversation: system notes, progress (hooks, shell
 * output, subagent steps), titles, file-history snapshots and queued prompts.
 * None is dropped: each becomes a compaction, error, state change or lifecycle
 * event; a kind this adapter does not know becomes an `unknown` event.
 */
export function otherRecordEvents(s: SessionState, value: Record<string, unknown>, line: number): AgentEvent[] {
  const where = { file: s.file, line };
  switch (value.type) {
    case 'system': {
      const rec = parseRecord(ClaudeSystemRecord, value, where, s.warn);
      return rec ? systemEvents(s, rec, line) : [];
    }
    case 'progress': {
      const rec = parseRecord(ClaudeProgressRecord, value, where, s.warn);
      if (!rec) return [];
      const d = rec.data;
      const data = definedFields({
        toolUseId: rec.toolUseID,
        parentToolUseId: rec.parentToolUseID,
        agentId: d.agentId,
        hookEvent: d.hookEvent,
        hookName: d.hookName,
        messageType: d.message?.type,
      });
      return [lifecycle(s, line, s.at(rec.timestamp), `progress.${d.type}`, 'debug', undefined, data)];
    }
    case 'summary': {
      const rec = parseRecord(ClaudeSummaryRecord, value, where, s.warn);
      if (!rec) return [];
      const at = s.at(undefined);
      return [{ type: 'state.change', ...s.base(line, at), key: 'summary', value: { summary: rec.summary, leafUuid: rec.leafUuid } }];
    }
    case 'custom-title': {
      const rec = parseRecord(ClaudeCustomTitleRecord, value, where, s.warn);
      if (!rec) return [];
      return [{ type: 'state.change', ...s.base(line, s.at(value.timestamp)), key: 'title', value: rec.customTitle }];
    }
    case 'file-history-snapshot': {
      const rec = parseRecord(ClaudeSnapshotRecord, value, where, s.warn);
      if (!rec) return [];
      const files = Object.keys(rec.snapshot?.trackedFileBackups ?? {}).length;
      const data = { messageId: rec.messageId, isSnapshotUpdate: rec.isSnapshotUpdate, trackedFiles: files };
      return [lifecycle(s, line, s.at(rec.snapshot?.timestamp), 'file_history_snapshot', 'debug', undefined, data)];
    }
    case 'queue-operation': {
      const rec = parseRecord(ClaudeQueueRecord, value, where, s.warn);
      if (!rec) return [];
      return [lifecycle(s, line, s.at(rec.timestamp), `queue.${rec.operation}`, 'debug', undefined, { operation: rec.operation })];
    }
    case 'attachment': {
      const kind = isRecord(value.attachment) && typeof value.attachment.type === 'string' ? value.attachment.type : undefined;
      return [lifecycle(s, line, s.at(value.timestamp), kind ? `attachment.${kind}` : 'attachment', 'debug', undefined, undefined)];
    }
    default: {
      const kind = typeof value.type === 'string' ? value.type : '(no type)';
      return [{ type: 'unknown', ...s.base(line, s.at(value.timestamp)), kind, data: value }];
    }
  }
}

function systemEvents(s: SessionState, rec: ClaudeSystemRecord, line: number): AgentEvent[] {
  const at = s.at(rec.timestamp);
  const base = s.base(line, at);
  if (rec.subtype === 'compact_boundary') {
    // Held until the next record: the summary that usually follows completes it.
    s.pendingCompaction = {
      type: 'compaction',
      ...base,
      ...(rec.compactMetadata?.trigger ? { trigger: rec.compactMetadata.trigger } : {}),
      ...definedFields({ preTokens: tokenCount(rec.compactMetadata?.preTokens) }),
    };
    return [];
  }
  const content = typeof rec.content === 'string' ? rec.content : undefined;
  if (rec.level === 'error' || rec.subtype === 'api_error') return [apiErrorEvent(base, content, rec.error)];
  const data = definedFields({
    durationMs: rec.durationMs,
    hookCount: rec.hookCount,
    hookErrors: rec.hookErrors?.length,
    retryAttempt: rec.retryAttempt,
  });
  const level: Level = rec.level === 'warning' ? 'warning' : (rec.hookErrors?.length ?? 0) > 0 ? 'warning' : 'info';
  return [lifecycle(s, line, at, `system.${rec.subtype ?? 'message'}`, level, content, data)];
}

function lifecycle(
  s: SessionState,
  line: number,
  at: At,
  name: string,
  level: Level,
  message: string | undefined,
  data: Record<string, unknown> | undefined,
): LifecycleEvent {
  return {
    type: 'lifecycle',
    ...s.base(line, at),
    name,
    level,
    ...(message !== undefined ? { message } : {}),
    ...(data && Object.keys(data).length > 0 ? { data } : {}),
  };
}
