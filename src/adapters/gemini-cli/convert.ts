import type { AgentEvent, SourceRef } from '../../model/events.js';
import type { ParentLink } from '../../model/session.js';
import { parseTimestamp } from '../../model/time.js';
import type { TokenUsage } from '../../model/usage.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { Clock, exactness, type Stamp } from '../record-clock.js';
import { SyntheticToolIds } from '../synthetic-tool-ids.js';
import { partsText } from './content.js';
import type { GeminiMessage, GeminiSessionMeta, GeminiTokens } from './schema.js';
import { toolCallEvents } from './tools.js';

export const GEMINI_AGENT = 'gemini-cli';

/** The call that launched a subagent session. */
export interface SubagentLink {
  toolCallId: string;
  name?: string;
}
export const GEMINI_PROVIDER = 'gcp.gemini';

/** One session as read from either layout, messages in history order. */
export interface GeminiSession {
  file: string;
  meta: GeminiSessionMeta;
  metaSource: SourceRef;
  messages: Array<{ message: GeminiMessage; source: SourceRef }>;
  /** Records that changed the history or were not understood, kept as events at the end. */
  notes: Array<{ kind: string; message: string; data?: unknown; source: SourceRef; known: boolean }>;
  parent?: ParentLink;
  /** A subagent's name: the tool that launched it. */
  agentName?: string;
}

/**
 * Gemini's usage: `input` (promptTokenCount) already includes the cached
 * tokens; tool-use prompt tokens are counted apart by the API and added to the
 * input here. `output` (candidatesTokenCount) leaves the thoughts out; they are
 * added to it, as OpenAI and Anthropic count reasoning inside output tokens,
 * and also reported as reasoning tokens.
 */
export function geminiUsage(tokens: GeminiTokens): TokenUsage {
  return {
    input: (tokens.input ?? 0) + (tokens.tool ?? 0),
    output: (tokens.output ?? 0) + (tokens.thoughts ?? 0),
    cacheRead: tokens.cached ?? 0,
    reasoning: tokens.thoughts ?? 0,
    total: tokens.total,
    inputIncludesCache: true,
  };
}

/**
 * The canonical events of one Gemini CLI session. `links` collects, for
 * calls that ran a subagent, subagent session id -> tool call id and tool
 * name, so that the subagent files read afterwards can point at their
 * launching call.
 */
export function* sessionEvents(
  session: GeminiSession,
  warn: WarningSink,
  links?: Map<string, SubagentLink>,
): Generator<AgentEvent> {
  const { meta, file } = session;
  const sessionId = meta.sessionId;
  const start = parseTimestamp(meta.startTime) ?? firstTime(session.messages);
  if (start === undefined) {
    warn({ code: 'no_timestamp', file, message: `session ${sessionId} has no timestamp at all; skipped` });
    return;
  }
  const model = session.messages.find((m) => m.message.type === 'gemini' && m.message.model)?.message.model;
  yield {
    type: 'session.start',
    sessionId,
    time: start,
    ...(meta.startTime === undefined ? { timeExact: false } : {}),
    source: session.metaSource,
    meta: {
      agent: GEMINI_AGENT,
      provider: GEMINI_PROVIDER,
      model: model ?? undefined,
      title: meta.summary,
      agentName: session.agentName ?? (meta.kind === 'subagent' ? 'subagent' : undefined),
      parent: session.parent,
      attributes: { 'gemini.project_hash': meta.projectHash },
    },
  };

  const clock = new Clock(start);
  const ids = new SyntheticToolIds();
  /** When the next model request started: the previous record's time (a message, or a tool's completion). */
  let requestStart = start;
  for (const { message, source } of session.messages) {
    const stamp = clock.at(message.timestamp);
    if (stamp === undefined) continue; // unreachable: the clock starts at the session start
    const base = { sessionId, time: stamp.time, ...exactness(stamp), source };
    const text = partsText(message.content);
    switch (message.type) {
      case 'user':
        yield { ...base, type: 'message', role: 'user', content: text, messageId: message.id };
        break;
      case 'gemini': {
        const responseId = message.id;
        for (const thought of message.thoughts ?? []) {
          const at = clock.peek(thought.timestamp, stamp);
          const content = [thought.subject, thought.description].filter((s) => s && s.trim() !== '').join(': ');
          yield { ...base, time: at.time, ...exactness(at), type: 'reasoning', content, responseId };
        }
        // Call ids first (in record order, as before), so the message can name the calls its response asks for.
        const calls = (message.toolCalls ?? []).map((call) => ({ call, callId: call.id ?? ids.fresh(call.name ?? 'unknown') }));
        const toolCalls = calls.map(({ call, callId }) => ({ callId, name: call.name ?? 'unknown', ...(call.args !== undefined ? { input: call.args } : {}) }));
        if (text !== undefined || toolCalls.length > 0) {
          yield {
            ...base,
            type: 'message',
            role: 'assistant',
            ...(text !== undefined ? { content: text } : {}),
            messageId: message.id,
            responseId,
            ...(toolCalls.length > 0 ? { toolCalls } : {}),
          };
        }
        if (message.tokens) {
          yield {
            ...base,
            type: 'model.call',
            responseId,
            provider: GEMINI_PROVIDER,
            requestModel: message.model ?? undefined,
            responseModel: message.model ?? undefined,
            ...(requestStart < stamp.time ? { startTime: requestStart } : {}),
            usage: geminiUsage(message.tokens),
          };
        }
        let last = stamp.time;
        for (const { call, callId } of calls) {
          if (call.agentId) links?.set(call.agentId, { toolCallId: callId, name: call.name });
          const at: Stamp = clock.peek(call.timestamp, stamp);
          last = Math.max(last, at.time);
          yield* toolCallEvents(call, callId, at, sessionId, source, responseId);
        }
        requestStart = last;
        continue;
      }
      case 'info':
      case 'warning':
        yield {
          ...base,
          type: 'lifecycle',
          name: message.type,
          level: message.type === 'warning' ? 'warning' : 'info',
          message: text,
        };
        break;
      case 'error':
        yield { ...base, type: 'error', message: text ?? 'error', errorType: 'agent_error' };
        break;
      default:
        yield { ...base, type: 'unknown', kind: `message.${message.type}`, data: message };
    }
    requestStart = stamp.time;
  }
  for (const note of session.notes) {
    const time = clock.latest ?? start;
    const base = { sessionId, time, timeExact: false, source: note.source };
    yield note.known
      ? { ...base, type: 'lifecycle', name: note.kind, level: 'info', message: note.message, data: note.data }
      : { ...base, type: 'unknown', kind: note.kind, data: note.data };
  }
}

function firstTime(messages: GeminiSession['messages']): number | undefined {
  for (const { message } of messages) {
    const t = parseTimestamp(message.timestamp);
    if (t !== undefined) return t;
  }
  return undefined;
}
