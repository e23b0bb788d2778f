import type { Attributes } from '@opentelemetry/api';
import type { ContentPolicy } from './content.js';
import type { ChatTurn } from './chat-content.js';
import { messageCount, toMessages, totalSize, type ChatMessage, type MessagePart } from './message-parts.js';
import { putMessages } from './messages-json.js';
import * as sc from './semconv.js';

/**
 * Puts a chat turn on a span: message count and sizes always (content
 * capture on or off), and with capture on `gen_ai.input.messages`,
 * `gen_ai.output.messages` (one assistant message) and
 * `gen_ai.system_instructions` as the conventions' JSON, within `max`
 * characters each.
 */
export function putTurn(attributes: Attributes, turn: ChatTurn, policy: ContentPolicy, max: number, ending: TurnEnding = {}): void {
  if (turn.input.length > 0) {
    attributes[sc.ATTR_MESSAGES_INPUT_COUNT] = messageCount(turn.input);
    attributes[sc.ATTR_MESSAGES_INPUT_SIZE] = totalSize(turn.input);
  }
  if (turn.output.length > 0) attributes[sc.ATTR_MESSAGES_OUTPUT_SIZE] = totalSize(turn.output);
  if (turn.system.length > 0) attributes[sc.ATTR_MESSAGES_SYSTEM_SIZE] = totalSize(turn.system);
  if (!policy.capture) return;
  const input = toMessages(turn.input);
  if (input.length > 0) putMessages(attributes, sc.ATTR_GEN_AI_INPUT_MESSAGES, { messages: input }, turn.input, policy, max);
  const outputParts = partsOf(turn.output);
  if (outputParts.length > 0) {
    const message: ChatMessage = { role: 'assistant', parts: outputParts, finish_reason: finishReasonOf(ending, outputParts) };
    putMessages(attributes, sc.ATTR_GEN_AI_OUTPUT_MESSAGES, { messages: [message] }, turn.output, policy, max);
  }
  const system = partsOf(turn.system);
  if (system.length > 0) putMessages(attributes, sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, { parts: system }, turn.system, policy, max);
}

/** How the response ended, as far as its event says. */
export interface TurnEnding {
  /** The source's own stop reason (`end_turn`, `tool_use`, `stop`, ...). */
  finishReason?: string;
  failed?: boolean;
}

/**
 * The output message's `finish_reason`, which the conventions' schema of
 * 1.43.0 requires (and Phoenix drops an output message without one): the
 * source's stop reason when it records one, else `error` for a failed call,
 * `tool_call` when the response asks for tools, `stop` otherwise.
 */
function finishReasonOf(ending: TurnEnding, parts: readonly MessagePart[]): string {
  if (ending.finishReason) return ending.finishReason;
  if (ending.failed) return 'error';
  return parts.some((p) => p.type === 'tool_call') ? 'tool_call' : 'stop';
}

function partsOf(items: ChatTurn['output']): MessagePart[] {
  return items.flatMap((item) => (item.part ? [item.part] : []));
}
