import { isAsyncIterable } from '../async-iterable.js';
import { isRecord } from '../../core/json-lines.js';
import type { ToolCallHandle } from '../../live/handles.js';
import { withinRun, type RunFrame } from '../run-context.js';
import { isAbortError } from './abort-error.js';
import { errorOf } from './chat-call.js';
import { quietly } from './quietly.js';

/** What a traced tool needs of its run. */
export interface ToolOwner {
  readonly session: RunFrame['session'];
  readonly agent: string;
  /** The id of the latest model response: the one that asked for the calls being executed. */
  readonly responseId: string | undefined;
}

type Execute = (input: unknown, options: unknown) => unknown;


/**
 * A copy of the tool set whose tools' `execute` records an execute_tool
 * span, with the SDK's tool call id, around the tool's own `execute`. The
 * tool runs inside the run's frame with its call id, so that an agent run
 * started inside it nests under its span. What the tool returns or throws
 * reaches the SDK as it was (the SDK turns a throw into a tool error);
 * an async iterable (a tool streaming preliminary results) is passed on
 * item by item, and the span ends with it. Tools without `execute` (run by
 * the client or the provider) are left as they are.
 */
export function tracedTools(tools: unknown, owner: ToolOwner): unknown {
  if (!isRecord(tools)) return tools;
  const copy: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) {
    copy[name] = isRecord(tool) && typeof tool.execute === 'function' ? { ...tool, execute: tracedExecute(name, tool.execute.bind(tool) as Execute, owner) } : tool;
  }
  return copy;
}

function tracedExecute(name: string, execute: Execute, owner: ToolOwner): Execute {
  return (input, options) => {
    let handle: ToolCallHandle | undefined;
    quietly('tool start', () => {
      const callId = isRecord(options) && typeof options.toolCallId === 'string' && options.toolCallId !== '' ? options.toolCallId : undefined;
      handle = owner.session.startToolCall(name, input, { callId, responseId: owner.responseId });
    });
    if (handle === undefined) return execute(input, options);
    const frame: RunFrame = { session: owner.session, agent: owner.agent, toolCallId: handle.callId };
    const ended = handle;
    const fail = (error: unknown): void => quietly('tool end', () => ended.fail(errorOf(error), isAbortError(error, isRecord(options) ? options.abortSignal : undefined) ? 'cancelled' : 'tool_error'));
    const succeed = (output: unknown): void => quietly('tool end', () => ended.end({ success: true, output }));
    let result: unknown;
    try {
      result = withinRun(frame, () => execute(input, options));
    } catch (error) {
      fail(error);
      throw error;
    }
    if (isAsyncIterable(result)) return iterated(result, frame, succeed, fail);
    return Promise.resolve(result).then(
      (output) => {
        succeed(output);
        return output;
      },
      (error: unknown) => {
        fail(error);
        throw error;
      },
    );
  };
}

/** The tool's async iterable, each step taken inside the tool's frame; the span ends with the last item (its output) or the error. */
function iterated(source: AsyncIterable<unknown>, frame: RunFrame, succeed: (output: unknown) => void, fail: (error: unknown) => void): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = withinRun(frame, () => source[Symbol.asyncIterator]());
      let last: unknown;
      return {
        async next() {
          try {
            const step = await withinRun(frame, () => iterator.next());
            if (step.done === true) succeed(last);
            else last = step.value;
            return step;
          } catch (error) {
            fail(error);
            throw error;
          }
        },
        async return(value?: unknown) {
          succeed(last);
          return (await iterator.return?.(value)) ?? { done: true, value };
        },
      };
    },
  };
}
