import type { AgentEvent } from '../../model/events.js';
import { optNumber } from '../optional-fields.js';
import { tokenCount } from '../token-counts.js';
import type { Base, KimiWireConverter } from './convert.js';
import { outputText } from './loop-events.js';
import { ApprovalResult, Compaction, LlmRequest, PermissionMode, ProfileFields, TurnEnded, TurnInput, UsageRecord, type WireRecord } from './schema.js';

/** Kinds that repeat what other records say (the context copy of a prompt) or only set tools up. */
const QUIET = /^(metadata|context\.append_message|llm\.tools_snapshot|tools\.|token_counting\.|plugin\.session_start|runtime\.set_binding|file_history\.|mcp\.tools_discovered|interruptionReminder\.)/;

/** Kinds kept as lifecycle events on the session. */
const LIFECYCLE = /^(full_compaction\.|turn\.step\.|plan_mode\.|swarm_mode\.|tower_mode\.|goal\.|task\.|prompt\.|context\.(clear|undo)$)/;

function* none(): Generator<AgentEvent> {}

/**
 * Records outside the loop: prompts, turn ends and cancellations, model
 * requests and their usage, approvals, compaction. Undefined for a kind this
 * adapter does not know (kept as an `unknown` event).
 */
export function turnEvents(conv: KimiWireConverter, record: WireRecord, base: Base): Iterable<AgentEvent> | undefined {
  switch (record.type) {
    case 'turn.prompt':
    case 'turn.steer': {
      const turn = conv.parse(TurnInput, record, base);
      const content = outputText(turn?.input);
      return turn ? [{ ...base, type: 'message', role: 'user', ...(content !== undefined ? { content } : {}) }] : [];
    }
    case 'turn.cancel':
      return [...conv.steps.abandon(base, 'turn cancelled'), { ...base, type: 'lifecycle', name: 'turn.cancel', level: 'warning' }];
    case 'turn.ended':
      return turnEnded(conv, record, base);
    case 'llm.request': {
      const request = conv.parse(LlmRequest, record, base);
      if (request) conv.steps.request(request.provider, request.model ?? request.modelAlias);
      return [];
    }
    case 'usage.record': {
      const usage = conv.parse(UsageRecord, record, base);
      return usage ? conv.steps.usage(usage.usageScope, usage.model, usage.usage, base) : [];
    }
    case 'permission.record_approval_result': {
      const approval = conv.parse(ApprovalResult, record, base);
      if (!approval) return [];
      const decision = approval.result.decision;
      if (decision !== 'approved' && approval.toolCallId) conv.refused.add(approval.toolCallId);
      return [
        {
          ...base,
          type: 'permission',
          ...(approval.toolName ? { tool: approval.toolName } : {}),
          ...(approval.toolCallId ? { callId: approval.toolCallId } : {}),
          description: approval.action ? `${decision}: ${approval.action}` : decision,
          granted: decision === 'approved',
        },
      ];
    }
    case 'permission.set_mode': {
      const mode = conv.parse(PermissionMode, record, base);
      return mode ? [{ ...base, type: 'state.change', key: 'permission_mode', value: mode.mode }] : [];
    }
    case 'config.update':
    case 'profile.bind': {
      const fields = conv.parse(ProfileFields, record, base);
      return fields?.modelAlias ? [{ ...base, type: 'state.change', key: 'model', value: fields.modelAlias }] : [];
    }
    case 'context.apply_compaction': {
      const compaction = conv.parse(Compaction, record, base);
      if (!compaction) return [];
      const summary = typeof compaction.summary === 'string' ? compaction.summary : compaction.contextSummary;
      const preTokens = tokenCount(compaction.tokensBefore);
      return [{ ...base, type: 'compaction', ...(summary !== undefined ? { content: summary } : {}), ...optNumber('preTokens', preTokens) }];
    }
  }
  if (QUIET.test(record.type)) return none();
  if (LIFECYCLE.test(record.type)) return [{ ...base, type: 'lifecycle', name: record.type, level: 'info', data: record }];
  return undefined;
}

function turnEnded(conv: KimiWireConverter, record: WireRecord, base: Base): AgentEvent[] {
  const ended = conv.parse(TurnEnded, record, base);
  const reason = ended?.reason ?? 'ended';
  const level = reason === 'completed' ? 'info' : reason === 'failed' ? 'error' : 'warning';
  return [
    ...conv.steps.abandon(base, `turn ${reason}`),
    { ...base, type: 'lifecycle', name: 'turn.ended', level, message: reason, ...(ended?.durationMs !== undefined ? { data: { durationMs: ended.durationMs } } : {}) },
  ];
}
