/**
 * What a tool run's end says of the call: a ToolMessage with its status
 * (`error` when the tool reported a failure without throwing), a LangGraph
 * Command (its update), or the tool's plain return value.
 */
import { field, isRecord, messageType } from './lc-values.js';

export interface ToolOutcome {
  success: boolean;
  output?: unknown;
}

export function toolOutcome(output: unknown): ToolOutcome {
  if (isRecord(output) && messageType(output) === 'tool') {
    return { success: output.status !== 'error', output: output.content };
  }
  if (isRecord(output) && output.lg_name === 'Command') return { success: true, output: field(output, 'update') };
  return { success: true, output };
}

/** A tool's input as LangChain passes it to the callbacks (JSON text for structured tools): parsed when it is JSON. */
export function toolInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const trimmed = input.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return input;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return input;
  }
}
