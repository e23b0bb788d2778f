import type { SourceRef, ToolCallEvent, ToolResultEvent } from '../../model/events.js';
import type { ToolKind } from '../../model/tool-kind.js';
import { codexToolKind, codexToolType } from './tool-names.js';
import { failureOf, parseToolOutput, type ParsedOutput } from './tool-output.js';

/** Who and when, for every event built from one record. */
export interface Stamp {
  sessionId: string;
  time: number;
  timeExact?: boolean;
  source: SourceRef;
}

interface OpenCall {
  name: string;
  kind: ToolKind;
  time: number;
}

/**
 * What an `event_msg` says about a call before (or instead of) its output
 * record: `exec_command_end` (exit code, duration), `mcp_tool_call_end`
 * (error flag, duration), `patch_apply_end` (success).
 */
export interface Enrichment {
  stamp: Stamp;
  exitCode?: number;
  durationMs?: number;
  success?: boolean;
  errorType?: string;
  error?: string;
  output?: string;
  /** Name to use when no call record names the tool (a user `!cmd` shell command). */
  name?: string;
}

/**
 * Pairs Codex tool calls with their outputs by `call_id`. Only open calls and
 * the ids already seen are kept, so memory follows the number of calls, not
 * the size of their payloads.
 */
export class ToolTracker {
  private readonly open = new Map<string, OpenCall>();
  private readonly called = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly pending = new Map<string, Enrichment>();
  private readonly counters = new Map<string, number>();

  /** A stable id for calls the source gives none: `${name}#${n}` in file order. */
  syntheticId(name: string): string {
    const n = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, n);
    return `${name}#${n}`;
  }

  /** `tool.call` for a call record; undefined when this id was already called (a repeated record). */
  call(stamp: Stamp, callId: string, name: string, input: unknown): ToolCallEvent | undefined {
    if (this.called.has(callId)) return undefined;
    this.called.add(callId);
    const kind = codexToolKind(name);
    this.open.set(callId, { name, kind, time: stamp.time });
    return {
      type: 'tool.call',
      ...stamp,
      callId,
      name,
      kind,
      toolType: codexToolType(name),
      ...(input !== undefined ? { input } : {}),
    };
  }

  /** The name of a call that is still open. */
  nameOf(callId: string): string | undefined {
    return this.open.get(callId)?.name;
  }

  /** `tool.result` for an output record; undefined when the call already has one. */
  result(stamp: Stamp, callId: string, rawOutput: unknown): ToolResultEvent | undefined {
    if (this.finished.has(callId)) return undefined;
    const extra = this.pending.get(callId);
    this.pending.delete(callId);
    return this.finish(stamp, callId, parseToolOutput(rawOutput), extra);
  }

  /** `tool.result` for a call whose record says how it ended (a hosted web search). */
  complete(stamp: Stamp, callId: string, success: boolean): ToolResultEvent | undefined {
    if (this.finished.has(callId)) return undefined;
    return this.finish(stamp, callId, { success }, undefined);
  }

  /**
   * Takes an end event. Kept until the call's output record arrives when the
   * call is open; turned into a result at once when no call record exists (the
   * source records only the end); dropped as a repeat when the call is done.
   */
  enrich(callId: string, enrichment: Enrichment): ToolResultEvent | 'kept' | 'late' {
    if (this.finished.has(callId)) return 'late';
    if (this.open.has(callId)) {
      this.pending.set(callId, enrichment);
      return 'kept';
    }
    return this.finish(enrichment.stamp, callId, { text: enrichment.output }, enrichment);
  }

  /** At the end of the file: calls whose end event came but whose output record never did. */
  flush(): ToolResultEvent[] {
    const results: ToolResultEvent[] = [];
    for (const [callId, enrichment] of this.pending) {
      results.push(this.finish(enrichment.stamp, callId, { text: enrichment.output }, enrichment));
    }
    this.pending.clear();
    return results;
  }

  private finish(stamp: Stamp, callId: string, parsed: ParsedOutput, extra: Enrichment | undefined): ToolResultEvent {
    const call = this.open.get(callId);
    this.open.delete(callId);
    this.finished.add(callId);
    const exitCode = extra?.exitCode ?? parsed.exitCode;
    const flag = extra?.success ?? parsed.success;
    let success = true;
    let errorType: string | undefined;
    let error: string | undefined;
    if (exitCode !== undefined) {
      success = exitCode === 0;
      if (!success) [errorType, error] = ['exit_code', `exit code ${exitCode}`];
    } else if (flag !== undefined) {
      success = flag;
      if (!success) [errorType, error] = [extra?.errorType ?? 'tool_error', extra?.error ?? firstLine(parsed.text)];
    } else {
      errorType = failureOf(parsed.text);
      success = errorType === undefined;
      if (!success) error = firstLine(parsed.text);
    }
    // The span runs from the call record to the output record; only where the
    // two share one timestamp (older Codex) is the recorded duration the better figure.
    const recorded = extra?.durationMs ?? parsed.durationMs;
    const durationMs = recorded !== undefined && (!call || call.time === stamp.time) ? recorded : undefined;
    const name = call?.name ?? extra?.name;
    return {
      type: 'tool.result',
      ...stamp,
      callId,
      ...(name !== undefined ? { name, kind: call?.kind ?? codexToolKind(name) } : {}),
      success,
      ...(errorType !== undefined ? { errorType } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(parsed.text !== undefined ? { output: parsed.text } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(exitCode !== undefined ? { exitCode } : {}),
    };
  }
}

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.trimStart().split('\n', 1)[0]?.slice(0, 500);
}
