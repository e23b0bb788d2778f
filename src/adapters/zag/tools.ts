import type { ToolCallEvent, ToolResultEvent } from '../../model/events.js';
import { inferToolKind, ToolKind } from '../../model/tool-kind.js';
import { SyntheticToolIds } from '../synthetic-tool-ids.js';
import type { ZagToolCall, ZagToolResult } from './schema.js';

type Base = Pick<ToolCallEvent, 'sessionId' | 'time' | 'timeExact' | 'source'>;

interface OpenCall {
  name: string;
  denied: boolean;
}

const EXIT = /exit (?:status|code)[ :=]*(-?\d+)/i;

/**
 * Pairs zag's `tool_call` and `tool_result` records by `tool_id`. Records
 * without an id get stable ids numbered per tool name (`bash#0`), a result
 * taking the oldest open call of its name. A permission refused for an open
 * call marks that call's failure as `denied`.
 */
export class ZagTools {
  private readonly synthetic = new SyntheticToolIds();
  /** Open calls by id, in call order. */
  private readonly open = new Map<string, OpenCall>();

  call(base: Base, record: ZagToolCall): ToolCallEvent {
    const name = record.tool_name;
    const callId = record.tool_id || this.synthetic.fresh(name);
    this.open.set(callId, { name, denied: false });
    const event: ToolCallEvent = { ...base, type: 'tool.call', callId, name, kind: toolKind(record.tool_kind, name) };
    if (record.input !== undefined && record.input !== null) event.input = record.input;
    return event;
  }

  result(base: Base, record: ZagToolResult): ToolResultEvent {
    const name = record.tool_name || (record.tool_id ? this.open.get(record.tool_id)?.name : undefined);
    const callId = record.tool_id || this.oldestOpen(name) || this.synthetic.fresh(name ?? 'unknown');
    const call = this.open.get(callId);
    this.open.delete(callId);

    const success = record.success ?? !record.error;
    const event: ToolResultEvent = { ...base, type: 'tool.result', callId, success };
    if (name) {
      event.name = name;
      event.kind = toolKind(record.tool_kind, name);
    }
    const output = record.output ?? undefined;
    const data = record.data ?? undefined;
    if (output !== undefined && data !== undefined) event.output = { output, data };
    else if (output !== undefined || data !== undefined) event.output = output ?? data;
    if (record.error) event.error = record.error;
    const exit = record.error ? EXIT.exec(record.error) : null;
    if (exit) event.exitCode = Number(exit[1]);
    if (!success) event.errorType = call?.denied ? 'denied' : exit ? 'exit_code' : 'tool_error';
    return event;
  }

  private oldestOpen(name: string | undefined): string | undefined {
    for (const [id, call] of this.open) if (call.name === name) return id;
    return undefined;
  }

  /** The latest open call of `toolName`; marks it denied when the permission was refused. */
  permission(toolName: string | undefined, granted: boolean): string | undefined {
    if (!toolName) return undefined;
    let found: string | undefined;
    for (const [id, call] of this.open) if (call.name === toolName) found = id;
    if (found !== undefined && !granted) this.open.get(found)!.denied = true;
    return found;
  }
}

function toolKind(recorded: string | null | undefined, name: string): ToolKind {
  const parsed = ToolKind.safeParse(recorded);
  return parsed.success ? parsed.data : inferToolKind(name);
}
