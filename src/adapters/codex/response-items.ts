import type { MessageRole } from '../../model/events.js';
import { isRecord } from '../../core/json-lines.js';
import { parseRecord } from '../record.js';
import { contentText, parseJsonArguments, reasoningText } from './content.js';
import {
  CustomToolCallItem,
  FunctionCallItem,
  LocalShellCallItem,
  MessageItem,
  ReasoningItem,
  ToolOutputItem,
  WebSearchCallItem,
} from './schema.js';
import { reportUntypedPayload } from './records.js';
import { linkSpawnOutput } from './spawn-links.js';
import type { RolloutState } from './state.js';
import type { Stamp } from './tools.js';

const ROLES: Readonly<Record<string, MessageRole>> = {
  user: 'user',
  assistant: 'assistant',
  developer: 'system',
  system: 'system',
  tool: 'tool',
};

/** Response items that are bookkeeping, not conversation: counted, not converted. */
const BOOKKEEPING = new Set(['ghost_snapshot']);

/**
 * One `response_item` (the model-visible history): messages, reasoning, tool
 * calls and their outputs. Unknown item types become `unknown` events, except
 * `*_call` / `*_call_output` items with a `call_id`, which are paired like
 * function calls.
 */
export function handleResponseItem(s: RolloutState, item: unknown, stamp: Stamp): void {
  const type = isRecord(item) && typeof item.type === 'string' ? item.type : '';
  const where = { file: s.file, line: stamp.source.line };
  switch (type) {
    case 'message': {
      const m = parseRecord(MessageItem, item, where, s.warn);
      if (!m) return;
      const role = ROLES[m.role];
      if (!role) {
        s.emit({ type: 'unknown', ...stamp, kind: `response_item:message:${m.role}`, data: item });
        return;
      }
      if (role === 'user') s.requestStart = stamp.time;
      if (role === 'assistant') s.responses.output();
      else s.input();
      const content = contentText(m.content);
      s.emit({
        type: 'message',
        ...stamp,
        role,
        ...(content !== undefined ? { content } : {}),
        ...(m.id ? { messageId: m.id } : {}),
      });
      return;
    }
    case 'reasoning': {
      const r = parseRecord(ReasoningItem, item, where, s.warn);
      if (!r) return;
      s.responses.output();
      const content = reasoningText(r.summary, r.content);
      s.emit({ type: 'reasoning', ...stamp, ...(content !== undefined ? { content } : {}) });
      return;
    }
    case 'function_call': {
      const c = parseRecord(FunctionCallItem, item, where, s.warn);
      if (c) call(s, stamp, c.call_id, c.name, argumentsOf(s, c.arguments));
      return;
    }
    case 'custom_tool_call': {
      const c = parseRecord(CustomToolCallItem, item, where, s.warn);
      if (c) call(s, stamp, c.call_id, c.name, c.input);
      return;
    }
    case 'local_shell_call': {
      const c = parseRecord(LocalShellCallItem, item, where, s.warn);
      if (c) call(s, stamp, c.call_id ?? c.id ?? s.tools.syntheticId('local_shell'), 'local_shell', c.action);
      return;
    }
    case 'web_search_call': {
      // A hosted tool: the record comes when the search is done, with its status.
      const c = parseRecord(WebSearchCallItem, item, where, s.warn);
      if (!c) return;
      const callId = c.id ?? s.tools.syntheticId('web_search');
      call(s, stamp, callId, 'web_search', c.action);
      if (c.status !== 'in_progress' && c.status !== 'searching') {
        const result = s.tools.complete(stamp, callId, c.status !== 'failed');
        if (result) s.emit(result);
      }
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
      output(s, stamp, item);
      return;
    case 'compaction':
    case 'compaction_summary':
      s.input();
      s.compaction(stamp, undefined);
      return;
    default:
      if (BOOKKEEPING.has(type)) {
        s.skip(`response_item:${type}`);
      } else if (isRecord(item) && typeof item.call_id === 'string' && /_call_output$|_output$/.test(type)) {
        output(s, stamp, item);
      } else if (isRecord(item) && typeof item.call_id === 'string' && type.endsWith('_call')) {
        const name = typeof item.name === 'string' && item.name ? item.name : type.replace(/_call$/, '');
        call(s, stamp, item.call_id, name, item.arguments ?? item.input ?? item.action);
      } else if (type === '') {
        reportUntypedPayload(item, where, s.warn);
      } else {
        s.emit({ type: 'unknown', ...stamp, kind: `response_item:${type}`, data: item });
      }
  }
}

function call(s: RolloutState, stamp: Stamp, callId: string, name: string, input: unknown): void {
  s.responses.output();
  const event = s.tools.call(stamp, callId, name, input);
  if (event) s.emit(event);
  else s.skip('response_item:repeated_call');
}

function output(s: RolloutState, stamp: Stamp, item: unknown): void {
  s.input();
  const o = parseRecord(ToolOutputItem, item, { file: s.file, line: stamp.source.line }, s.warn);
  if (!o) return;
  const name = s.tools.nameOf(o.call_id);
  const event = s.tools.result(stamp, o.call_id, o.output);
  s.requestStart = stamp.time;
  if (!event) {
    s.skip('response_item:repeated_output');
    return;
  }
  s.emit(event);
  if (name && event.success) linkSpawnOutput(s.links, name, o.call_id, o.output);
}

/**
 * Function arguments are a JSON string; sanitized or truncated rollouts hold
 * strings that are not JSON, which are kept as they are (and counted once).
 */
function argumentsOf(s: RolloutState, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const parsed = parseJsonArguments(raw);
  if (parsed) return parsed.value;
  s.unparsedArguments++;
  return raw;
}
