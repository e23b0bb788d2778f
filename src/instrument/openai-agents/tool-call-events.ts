import type { RecordedEvent } from '../../live/recorded-event.js';

/** A tool call the SDK traced (a function call, a handoff), from its span. */
export interface TracedToolCall {
  callId: string;
  name: string;
  input?: unknown;
  output?: unknown;
  /** The span's error: the call failed. */
  error?: string;
  start: number;
  end: number;
  /** The call started agents (a handoff, an agent used as a tool): its span waits for their totals. */
  startsAgents: boolean;
}

/** The call and its result, as the live API records them. */
export function toolCallEvents(call: TracedToolCall): [RecordedEvent, RecordedEvent] {
  const { callId, name, error } = call;
  return [
    { type: 'tool.call', time: call.start, callId, name, input: call.input, ...(call.startsAgents ? { kind: 'sub_agent' as const } : {}) },
    { type: 'tool.result', time: call.end, callId, name, success: error === undefined, output: call.output, error, errorType: error === undefined ? undefined : 'tool_error' },
  ];
}

/** A function call's arguments as the SDK's span keeps them: the JSON the model wrote, parsed when it parses. */
export function functionArguments(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A function's result as the SDK's span keeps it (empty when the run traces no sensitive data). */
export function functionOutput(value: unknown): unknown {
  return value === '' ? undefined : value;
}
