import type { AgentEvent, ModelCallEvent } from '../../model/events.js';
import { otherPartEvents } from './parts.js';
import type { OpenCodeMessage, OpenCodePart } from './schema.js';
import type { Stored } from './store.js';
import { childSessionOf, toolPartEvents } from './tools.js';
import { openCodeUsage, providerName } from './usage.js';

/**
 * The events of one message and its parts. `links` collects child session id
 * -> id of the `task` call that created it, for the child sessions read later.
 */
export function messageEvents(
  sessionId: string,
  stored: Stored<OpenCodeMessage>,
  parts: Array<Stored<OpenCodePart>>,
  fallbackTime: number,
  links: Map<string, string>,
): AgentEvent[] {
  const message = stored.value;
  const created = message.time?.created;
  const at = created ?? fallbackTime;
  const base = {
    sessionId,
    time: at,
    ...(created === undefined ? { timeExact: false as const } : {}),
    source: stored.source,
  };
  if (message.role === 'user') return userEvents(message, parts, base);
  if (message.role === 'assistant') return assistantEvents(message, parts, base, links);
  return [{ ...base, type: 'unknown', kind: `message.${message.role}`, data: message }];
}

type Base = { sessionId: string; time: number; timeExact?: false; source: Stored<unknown>['source'] };

function userEvents(message: OpenCodeMessage, parts: Array<Stored<OpenCodePart>>, base: Base): AgentEvent[] {
  const texts = parts.filter((p) => p.value.type === 'text' && !p.value.synthetic).map((p) => p.value.text ?? '');
  const content = texts.join('\n');
  const events: AgentEvent[] = [{ ...base, type: 'message', role: 'user', content, messageId: message.id }];
  for (const { value: part, source } of parts) {
    if (part.type === 'text' && !part.synthetic) continue;
    const partBase = { ...base, source };
    if (part.type === 'text') events.push({ ...partBase, type: 'lifecycle', name: 'synthetic_text', level: 'debug' });
    else events.push(...otherPartEvents(part, partBase));
  }
  return events;
}

/**
 * An assistant message is one or more steps; each `step-finish` part is one
 * model response with its own tokens and cost, so each becomes a model.call
 * (the message's own `tokens` are only the last step's). A step-finish has no
 * time: the response is taken to end at the latest time of the step's text,
 * reasoning and tool-call starts, and the next request to start when the
 * step's tools have finished. A message without steps (older versions) is
 * one model.call with the message's tokens and cost.
 */
function assistantEvents(
  message: OpenCodeMessage,
  parts: Array<Stored<OpenCodePart>>,
  base: Base,
  links: Map<string, string>,
): AgentEvent[] {
  const events: AgentEvent[] = [];
  const stepCount = parts.filter((p) => p.value.type === 'step-finish').length;
  const responseId = (step: number): string => (stepCount <= 1 ? message.id : `${message.id}#${step}`);
  const completed = message.time?.completed ?? undefined;
  const model = {
    provider: providerName(message.providerID),
    requestModel: message.modelID,
    responseModel: message.modelID,
  };
  let step = 0;
  let stepStart = base.time;
  let responseEnd: number | undefined;
  let toolsEnd: number | undefined;
  /** A part's own time, or the message's time marked inexact. */
  const when = (t: number | undefined): { time: number; timeExact?: false } =>
    t !== undefined ? { time: t } : { time: base.time, timeExact: false };
  const seen = (t: number | undefined): void => {
    if (t !== undefined) responseEnd = Math.max(responseEnd ?? t, t);
  };
  for (const { value: part, source } of parts) {
    const own = { sessionId: base.sessionId, source };
    const id = responseId(step);
    switch (part.type) {
      case 'step-start':
        break;
      case 'text': {
        const t = part.time?.end ?? part.time?.start;
        seen(t);
        const fields = { role: 'assistant' as const, content: part.text, messageId: message.id, responseId: id };
        events.push({ ...own, ...when(t), type: 'message', ...fields });
        break;
      }
      case 'reasoning': {
        const t = part.time?.start;
        seen(part.time?.end ?? t);
        events.push({ ...own, ...when(t), type: 'reasoning', content: part.text, responseId: id });
        break;
      }
      case 'tool': {
        seen(part.state?.time?.start);
        const end = part.state?.time?.end;
        if (end !== undefined) toolsEnd = Math.max(toolsEnd ?? end, end);
        const child = part.tool === 'task' ? childSessionOf(part) : undefined;
        if (child) links.set(child, part.callID ?? part.id);
        events.push(...toolPartEvents(part, base.sessionId, source, base.time, id));
        break;
      }
      case 'step-finish': {
        const end = responseEnd ?? completed;
        const time = end ?? stepStart;
        events.push({
          ...own,
          time,
          ...(responseEnd === undefined ? { timeExact: false } : {}),
          type: 'model.call',
          responseId: id,
          ...model,
          ...(stepStart < time ? { startTime: stepStart } : {}),
          ...(part.tokens ? { usage: openCodeUsage(part.tokens) } : {}),
          ...(typeof part.cost === 'number' && part.cost >= 0 ? { costUsd: part.cost } : {}),
          ...(part.reason ? { finishReasons: [part.reason] } : {}),
        });
        stepStart = Math.max(time, toolsEnd ?? time);
        responseEnd = undefined;
        toolsEnd = undefined;
        step++;
        break;
      }
      default: {
        // A part with no time of its own comes after the events before it.
        const ownTime = part.time?.start ?? part.time?.created;
        const latest = events.reduce((t, e) => Math.max(t, e.time), base.time);
        const stamp = ownTime !== undefined ? { time: ownTime } : { time: latest, timeExact: false as const };
        events.push(...otherPartEvents(part, { ...own, ...stamp }));
      }
    }
  }
  const error = errorText(message.error);
  if (stepCount === 0) events.push(wholeMessageCall(message, base, completed, model, error));
  if (message.error) {
    const errorType = message.error.name;
    events.push({ ...base, time: completed ?? base.time, type: 'error', message: error ?? 'error', errorType });
  }
  return events;
}

function wholeMessageCall(
  message: OpenCodeMessage,
  base: Base,
  completed: number | undefined,
  model: Pick<ModelCallEvent, 'provider' | 'requestModel' | 'responseModel'>,
  error: string | undefined,
): ModelCallEvent {
  return {
    ...base,
    time: completed ?? base.time,
    ...(completed === undefined ? { timeExact: false } : {}),
    type: 'model.call',
    responseId: message.id,
    ...model,
    ...(completed !== undefined && completed > base.time ? { startTime: base.time } : {}),
    ...(message.tokens ? { usage: openCodeUsage(message.tokens) } : {}),
    ...(typeof message.cost === 'number' && message.cost >= 0 ? { costUsd: message.cost } : {}),
    ...(message.finish ? { finishReasons: [message.finish] } : {}),
    ...(error ? { error } : {}),
  };
}

function errorText(error: OpenCodeMessage['error']): string | undefined {
  if (!error) return undefined;
  const data = error.data;
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return error.name;
}
