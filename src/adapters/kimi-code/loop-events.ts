import type { AgentEvent } from '../../model/events.js';
import { inferToolKind } from '../../model/tool-kind.js';
import type { Base, KimiWireConverter } from './convert.js';
import { ContentPart, LoopEnvelope, StepBegin, StepEnd, ToolCall, ToolResult, type WireRecord } from './schema.js';

/** The subagent an Agent tool result names, one a line: `agent_id: agent-0`. */
const AGENT_ID_LINE = /^agent_id:\s*(\S+)\s*$/gm;

/** A tool output as text: a string, or the text parts of a content list. */
export function outputText(output: unknown): string | undefined {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) return undefined;
  const texts = output.flatMap((p: unknown) =>
    typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' ? [(p as { text: string }).text] : [],
  );
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/**
 * A `context.append_loop_event`: a step begins or ends (one model call), the
 * model says or thinks something, calls a tool, or a tool returns.
 */
export function* loopEvents(conv: KimiWireConverter, record: WireRecord, base: Base): Generator<AgentEvent> {
  const envelope = conv.parse(LoopEnvelope, record, base);
  if (!envelope) return;
  const event = envelope.event;
  switch (event.type) {
    case 'step.begin': {
      const step = conv.parse(StepBegin, event, base);
      if (!step) return;
      yield* conv.steps.abandon(base, 'the step ended without an answer');
      conv.steps.begin(step.uuid, base.time);
      return;
    }
    case 'step.end': {
      const step = conv.parse(StepEnd, event, base);
      if (!step) return;
      const fields = { usage: step.usage, finishReason: step.finishReason, firstTokenMs: step.llmFirstTokenLatencyMs };
      const call = conv.steps.end(step.uuid, base, fields);
      if (call) yield call;
      return;
    }
    case 'content.part': {
      const content = conv.parse(ContentPart, event, base);
      if (!content) return;
      const responseId = content.stepUuid ?? conv.steps.openUuid;
      const at = { ...base, ...(responseId ? { responseId } : {}) };
      if (content.part.type === 'text' && content.part.text !== undefined) {
        yield { ...at, type: 'message', role: 'assistant', content: content.part.text };
      } else if (content.part.type === 'think' && content.part.think !== undefined) {
        yield { ...at, type: 'reasoning', content: content.part.think };
      }
      return;
    }
    case 'tool.call': {
      const call = conv.parse(ToolCall, event, base);
      if (!call) return;
      conv.toolNames.set(call.toolCallId, call.name);
      const responseId = call.stepUuid ?? conv.steps.openUuid;
      yield {
        ...base,
        type: 'tool.call',
        callId: call.toolCallId,
        name: call.name,
        kind: inferToolKind(call.name),
        ...(call.args !== undefined ? { input: call.args } : {}),
        ...(responseId ? { responseId } : {}),
      };
      return;
    }
    case 'tool.result': {
      const result = conv.parse(ToolResult, event, base);
      if (result) yield toolResult(conv, result, base);
      return;
    }
    default:
      yield { ...base, type: 'unknown', kind: `loop.${event.type}`, data: event };
  }
}

function toolResult(conv: KimiWireConverter, result: ToolResult, base: Base): AgentEvent {
  const name = conv.toolNames.get(result.toolCallId);
  const text = outputText(result.result.output);
  const failed = result.result.isError === true;
  if (name !== undefined && inferToolKind(name) === 'sub_agent' && text !== undefined) {
    for (const match of text.matchAll(AGENT_ID_LINE)) {
      const child = match[1];
      if (child) conv.ctx.agents.noteLaunch(child, { parentAgentId: conv.ctx.agentId, toolCallId: result.toolCallId });
    }
  }
  return {
    ...base,
    type: 'tool.result',
    callId: result.toolCallId,
    ...(name !== undefined ? { name } : {}),
    success: !failed,
    ...(failed ? { errorType: conv.refused.has(result.toolCallId) ? 'denied' : 'tool_error', error: text ?? result.result.note ?? 'tool error' } : {}),
    ...(text !== undefined ? { output: text } : {}),
  };
}
