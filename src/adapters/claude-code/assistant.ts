import type { AgentEvent, ModelCallEvent } from '../../model/events.js';
import { inferToolKind } from '../../model/tool-kind.js';
import type { TokenUsage } from '../../model/usage.js';
import { definedFields } from '../optional-fields.js';
import { parseRecord } from '../record.js';
import { tokenCount } from '../token-counts.js';
import { apiErrorEvent } from './api-error.js';
import { ClaudeBlock, ClaudeTextBlock, ClaudeThinkingBlock, ClaudeToolResultBlock, ClaudeToolUseBlock } from './schema.js';
import type { ClaudeAssistantRecord, ClaudeUsage } from './schema.js';
import type { At, SessionState } from './session-state.js';
import { resultText } from './tool-outcome.js';

/**
 * One assistant line: one content block of an API response. Claude Code writes
 * a response as several lines sharing `message.id`, each repeating the
 * response's usage, and tool results may arrive between them. So the block
 * events are emitted as their lines come, and the response's single
 * `model.call` when it closes: at the first line of another response, or at
 * the end of the session. Its usage and end time are those of its last line.
 *
 * `startTime` is the later of the latest user record (the prompt or tool result
 * that triggered the request) and the end of the previous response: the request
 * cannot have left before either.
 */
export function assistantEvents(
  s: SessionState,
  rec: ClaudeAssistantRecord,
  line: number,
  timeFallback?: unknown,
): AgentEvent[] {
  const at = s.at(rec.timestamp, timeFallback);
  if (rec.isApiErrorMessage === true || rec.message.model === '<synthetic>') return syntheticEvents(s, rec, line, at);

  const out: AgentEvent[] = [];
  const id = rec.message.id ?? rec.requestId ?? rec.uuid ?? `line-${line}`;
  if (s.response && s.response.id !== id) out.push(...closeResponse(s));
  const continues = s.lastResponseId === id;
  s.lastResponseId = id;
  if (!s.response) {
    if (s.emittedResponses.has(id)) {
      if (!continues) {
        s.warn({
          code: 'duplicate_response',
          file: s.file,
          line,
          message: `response ${id} appears again after it ended; its usage is not counted twice`,
        });
      }
    } else {
      const start = Math.max(s.lastUserTime ?? -Infinity, s.lastResponseEnd ?? -Infinity);
      s.response = { id, time: at.time, line, ...(Number.isFinite(start) ? { startTime: start } : {}) };
    }
  }
  if (s.response?.id === id) {
    Object.assign(s.response, {
      time: at.time,
      timeExact: at.timeExact,
      line,
      model: rec.message.model ?? s.response.model,
      usage: rec.message.usage ?? s.response.usage,
      stopReason: rec.message.stop_reason ?? s.response.stopReason,
    });
  }
  out.push(...blockEvents(s, rec, line, at, id));
  return out;
}

/** Emits the open response's `model.call`, if there is one. */
export function closeResponse(s: SessionState): ModelCallEvent[] {
  const r = s.response;
  if (!r) return [];
  s.response = undefined;
  s.emittedResponses.add(r.id);
  s.lastResponseEnd = r.time;
  const usage = r.usage ? toTokenUsage(r.usage) : undefined;
  return [
    {
      type: 'model.call',
      ...s.base(r.line, { time: r.time, ...(r.timeExact === false ? { timeExact: false } : {}) }),
      responseId: r.id,
      provider: 'anthropic',
      ...(r.startTime !== undefined && r.startTime <= r.time ? { startTime: r.startTime } : {}),
      ...(r.model ? { responseModel: r.model } : {}),
      ...(usage ? { usage } : {}),
      ...(r.stopReason ? { finishReasons: [r.stopReason] } : {}),
    },
  ];
}

/** Anthropic usage: `input_tokens` excludes cache reads and writes. */
export function toTokenUsage(u: ClaudeUsage): TokenUsage {
  return {
    inputIncludesCache: false,
    ...definedFields({
      input: tokenCount(u.input_tokens),
      output: tokenCount(u.output_tokens),
      cacheRead: tokenCount(u.cache_read_input_tokens),
      cacheCreation: tokenCount(u.cache_creation_input_tokens),
      cacheCreation1h: oneHourWrites(u),
    }),
  };
}

/** The cache writes made for one hour (`cache_creation.ephemeral_1h_input_tokens`), when the record splits them. */
function oneHourWrites(u: ClaudeUsage): number | undefined {
  const split = u.cache_creation;
  if (typeof split !== 'object' || split === null) return undefined;
  const n = tokenCount((split as Record<string, unknown>).ephemeral_1h_input_tokens);
  return n !== undefined && n > 0 ? n : undefined;
}

function blockEvents(s: SessionState, rec: ClaudeAssistantRecord, line: number, at: At, responseId: string): AgentEvent[] {
  const base = s.base(line, at);
  const content = rec.message.content;
  if (typeof content === 'string') {
    return [{ type: 'message', ...base, role: 'assistant', content, responseId, ...messageId(rec) }];
  }
  const out: AgentEvent[] = [];
  const where = { file: s.file, line };
  for (const raw of content) {
    const block = parseRecord(ClaudeBlock, raw, where, s.warn);
    if (!block) continue;
    if (block.type === 'text') {
      const text = parseRecord(ClaudeTextBlock, block, where, s.warn);
      if (text) out.push({ type: 'message', ...base, role: 'assistant', content: text.text, responseId, ...messageId(rec) });
    } else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
      const thinking = parseRecord(ClaudeThinkingBlock, block, where, s.warn);
      if (thinking) out.push({ type: 'reasoning', ...base, responseId, ...(thinking.thinking ? { content: thinking.thinking } : {}) });
    } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      const use = parseRecord(ClaudeToolUseBlock, block, where, s.warn);
      if (!use) continue;
      if (s.toolCalls.has(use.id)) {
        s.warn({ code: 'duplicate_tool_call', file: s.file, line, message: `tool call ${use.id} appears again; kept once` });
        continue;
      }
      s.toolCalls.add(use.id);
      s.openTools.set(use.id, { name: use.name, time: at.time });
      out.push({
        type: 'tool.call',
        ...base,
        callId: use.id,
        name: use.name,
        kind: inferToolKind(use.name),
        toolType: use.type === 'server_tool_use' || use.name.startsWith('mcp__') ? 'extension' : 'function',
        input: use.input,
        responseId,
      });
    } else if (block.type.endsWith('_tool_result')) {
      out.push(...serverToolResult(s, block, line, at));
    } else {
      out.push({ type: 'unknown', ...base, kind: `assistant.${block.type}`, data: block });
    }
  }
  return out;
}

/** A server tool's result (web search), carried in the response itself. */
function serverToolResult(s: SessionState, block: ClaudeBlock, line: number, at: At): AgentEvent[] {
  const result = parseRecord(ClaudeToolResultBlock, block, { file: s.file, line }, s.warn);
  if (!result) return [];
  const open = s.openTools.get(result.tool_use_id);
  s.openTools.delete(result.tool_use_id);
  const content = result.content;
  const failed = typeof content === 'object' && content !== null && !Array.isArray(content) && 'error_code' in content;
  return [
    {
      type: 'tool.result',
      ...s.base(line, at),
      callId: result.tool_use_id,
      ...(open ? { name: open.name } : {}),
      success: !failed,
      ...(failed ? { errorType: 'tool_error' } : {}),
      output: content,
    },
  ];
}

/** Lines Claude Code wrote itself (model `<synthetic>`): API errors, or canned replies such as after an interrupt. */
function syntheticEvents(s: SessionState, rec: ClaudeAssistantRecord, line: number, at: At): AgentEvent[] {
  // Written after the request that followed the open response: that response is complete.
  const closed = closeResponse(s);
  const text = typeof rec.message.content === 'string' ? rec.message.content : resultText(rec.message.content);
  if (rec.isApiErrorMessage === true || rec.error !== undefined) return [...closed, apiErrorEvent(s.base(line, at), text, rec.error)];
  return [...closed, { type: 'message', ...s.base(line, at), role: 'assistant', ...(text ? { content: text } : {}), ...messageId(rec) }];
}

function messageId(rec: { uuid?: string | undefined }): { messageId?: string } {
  return rec.uuid ? { messageId: rec.uuid } : {};
}
