import type { Attributes } from '@opentelemetry/api';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { AgentEvent } from '../model/events.js';
import type { ContentPolicy } from './content.js';
import { contentSize } from './content.js';
import { toHrTime } from './hr-time.js';
import * as sc from './semconv.js';
import { putContent } from './span-builders.js';

type Put = (key: string, value: string | number | boolean | undefined) => void;

/**
 * Turns a canonical event that is not itself a span into a span event, with
 * its time from the source. Content goes through the policy (sizes only unless
 * capture is on); diagnostics (error text, status lines) are always redacted.
 * Returns undefined for kinds that are only counted (heartbeats) and for
 * messages and reasoning, which are parts of the chat spans' messages.
 */
export function toSpanEvent(event: AgentEvent, content: ContentPolicy, diagnostic: (text: string) => string): TimedEvent | undefined {
  const attributes: Attributes = {};
  const put: Put = (key, value) => {
    if (value !== undefined) attributes[key] = value;
  };
  const text = (value: unknown) => putContent(attributes, sc.ATTR_EVENT_CONTENT, value, content);
  const sized = (value: unknown) => {
    put(sc.ATTR_EVENT_CONTENT_SIZE, contentSize(value));
    text(value);
  };
  let name: string;
  switch (event.type) {
    case 'permission':
      name = sc.EVENT_PERMISSION;
      put(sc.ATTR_PERMISSION_GRANTED, event.granted);
      put(sc.ATTR_GEN_AI_TOOL_NAME, event.tool);
      put(sc.ATTR_GEN_AI_TOOL_CALL_ID, event.callId);
      text(event.description);
      break;
    case 'handoff':
      name = sc.EVENT_HANDOFF;
      put(sc.ATTR_HANDOFF_FROM, event.from);
      put(sc.ATTR_HANDOFF_TO, event.to);
      sized(event.content);
      break;
    case 'error':
      name = sc.EVENT_EXCEPTION;
      put(sc.ATTR_EXCEPTION_TYPE, event.errorType ?? 'agent_error');
      put(sc.ATTR_EXCEPTION_MESSAGE, diagnostic(event.message));
      break;
    case 'usage_limit':
      name = sc.EVENT_USAGE_LIMIT;
      put(sc.ATTR_USAGE_LIMIT_PHASE, event.phase);
      put(sc.ATTR_USAGE_LIMIT_INCIDENT, event.incidentId);
      put(sc.ATTR_GEN_AI_PROVIDER_NAME, event.provider);
      put('agent_otel.usage_limit.scope', event.scope);
      put('agent_otel.usage_limit.reset_at', event.resetAt);
      put('agent_otel.usage_limit.attempt', event.attempt);
      if (event.message !== undefined) put(sc.ATTR_EXCEPTION_MESSAGE, diagnostic(event.message));
      break;
    case 'cost':
      name = sc.EVENT_COST;
      put(sc.ATTR_EVENT_COST_USD, event.costUsd);
      put(sc.ATTR_GEN_AI_RESPONSE_ID, event.responseId);
      break;
    case 'compaction':
      name = sc.EVENT_COMPACTION;
      put(sc.ATTR_COMPACTION_TRIGGER, event.trigger);
      put(sc.ATTR_COMPACTION_PRE_TOKENS, event.preTokens);
      sized(event.content);
      break;
    case 'state.change':
      name = sc.EVENT_STATE_CHANGE;
      put(sc.ATTR_STATE_KEY, event.key);
      text(event.value);
      break;
    case 'lifecycle':
      name = sc.EVENT_LIFECYCLE;
      put(sc.ATTR_EVENT_NAME, event.name);
      put(sc.ATTR_EVENT_LEVEL, event.level);
      if (event.message !== undefined) put(sc.ATTR_EXCEPTION_MESSAGE, diagnostic(event.message));
      text(event.data);
      break;
    case 'unknown':
      name = sc.EVENT_UNKNOWN;
      put(sc.ATTR_EVENT_KIND, event.kind);
      sized(event.data);
      break;
    default:
      return undefined;
  }
  if (event.source) put(sc.ATTR_EVENT_SOURCE_LINE, event.source.line);
  return { name, time: toHrTime(event.time), attributes };
}
