import type { AgentEvent, CompactionEvent } from '../../model/events.js';
import { inferToolKind } from '../../model/tool-kind.js';
import { parseRecord } from '../record.js';
import { closeResponse } from './assistant.js';
import { ClaudeBlock, ClaudeToolResultBlock } from './schema.js';
import type { ClaudeUserRecord } from './schema.js';
import type { At, SessionState } from './session-state.js';
import { toolOutcome } from './tool-outcome.js';

/**
 * A user line: a prompt (text, images), text Claude Code injected (`isMeta`,
 * kept as a system message), the summary opening the context after a
 * compaction, or tool results. A result's time is its line's time; its call
 * is matched by `tool_use_id`, whatever the order results come in.
 */
export function userEvents(s: SessionState, rec: ClaudeUserRecord, line: number, timeFallback?: unknown): AgentEvent[] {
  const at = s.at(rec.timestamp, timeFallback);
  const base = s.base(line, at);
  const content = rec.message.content;
  // A new prompt means the response before it is complete (tool results may still interleave with it).
  const out: AgentEvent[] = isPrompt(rec) ? closeResponse(s) : [];
  s.lastUserTime = at.time;

  if (rec.isCompactSummary === true) return [...out, compactionWithSummary(s, base, textOf(content))];

  const role = rec.isMeta === true ? 'system' : 'user';
  const messageId = rec.uuid ? { messageId: rec.uuid } : {};
  if (typeof content === 'string') return [...out, { type: 'message', ...base, role, content, ...messageId }];

  const events: AgentEvent[] = [];
  const text: string[] = [];
  const where = { file: s.file, line };
  for (const raw of content) {
    const block = parseRecord(ClaudeBlock, raw, where, s.warn);
    if (!block) continue;
    if (block.type === 'text' && typeof block.text === 'string') text.push(block.text);
    else if (block.type === 'image' || block.type === 'document') text.push(`[${block.type}]`);
    else if (block.type === 'tool_result') {
      const result = parseRecord(ClaudeToolResultBlock, block, where, s.warn);
      if (result) events.push(...toolResult(s, result, rec.toolUseResult, line, at));
    } else events.push({ type: 'unknown', ...base, kind: `user.${block.type}`, data: block });
  }
  if (text.length > 0) out.push({ type: 'message', ...base, role, content: text.join('\n'), ...messageId });
  return [...out, ...events];
}

/** A prompt: the user's own text, with no tool result in it. */
function isPrompt(rec: ClaudeUserRecord): boolean {
  if (rec.isMeta === true) return false;
  const content = rec.message.content;
  return typeof content === 'string' || !content.some((b) => typeof b === 'object' && b !== null && 'type' in b && b.type === 'tool_result');
}

function toolResult(s: SessionState, block: ClaudeToolResultBlock, toolUseResult: unknown, line: number, at: At): AgentEvent[] {
  const callId = block.tool_use_id;
  const open = s.openTools.get(callId);
  if (!open && s.toolCalls.has(callId)) {
    s.warn({ code: 'duplicate_tool_result', file: s.file, line, message: `tool call ${callId} already has a result; kept the first` });
    return [];
  }
  if (!open) {
    s.warn({
      code: 'orphan_tool_result',
      file: s.file,
      line,
      message: `result for tool call ${callId}, whose call is not in this session; its duration is unknown`,
    });
    s.toolCalls.add(callId);
  }
  s.openTools.delete(callId);
  const outcome = toolOutcome(block.content, block.is_error, toolUseResult);
  return [
    {
      type: 'tool.result',
      ...s.base(line, at),
      callId,
      ...(open ? { name: open.name, kind: inferToolKind(open.name) } : {}),
      success: outcome.success,
      ...(outcome.errorType ? { errorType: outcome.errorType } : {}),
      ...(outcome.success ? { output: outcome.text } : { error: outcome.text }),
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    },
  ];
}

/** The summary completes the compact_boundary just before it; alone (older versions) it is the compaction. */
function compactionWithSummary(s: SessionState, base: ReturnType<SessionState['base']>, summary: string): CompactionEvent {
  const boundary = s.pendingCompaction;
  s.pendingCompaction = undefined;
  return boundary ? { ...boundary, content: summary } : { type: 'compaction', ...base, content: summary };
}

function textOf(content: ClaudeUserRecord['message']['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((b) => (typeof b === 'object' && b !== null && 'text' in b && typeof b.text === 'string' ? b.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}
